using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Pipeline;
using Fer.Tensors;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Runs an ONNX model (on the Fer.Tensors engine, <see cref="OnnxGraphRunner"/>) on vector columns:
/// each input column holds one row's tensor (e.g. [C, H, W] pixels, flattened), each output column
/// receives one row's slice of a graph output. Rows are scored in batches when the graph's inputs
/// and outputs have a free first (batch) dimension. ML.NET's OnnxTransformer ("ApplyOnnxModel"):
/// column names default to the graph's input and output names. The model's bytes are saved in the
/// model zip (entry <c>transformer_NNN.onnx</c>) and validated again when loaded. Thread-safe.
/// </summary>
public sealed class OnnxTransformer : RowMappingTransformer
{
    private readonly byte[] modelBytes;
    private readonly OnnxBindings bindings;
    private readonly Work mapper;

    /// <summary>Loads and prepares the model.</summary>
    /// <exception cref="ArgumentException">No model given, column and graph names do not match the graph (the message lists its inputs and outputs), or the batch size is not positive.</exception>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="OnnxFormatException">The model is invalid or uses an unsupported operator (the message names the node).</exception>
    public OnnxTransformer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options.BatchSize));
        string source;
        if (options.ModelBytes is { } bytes)
        {
            modelBytes = [.. bytes];
            source = options.ModelFile ?? "ONNX model";
        }
        else if (options.ModelFile is { Length: > 0 } file)
        {
            modelBytes = ReadModelFile(file);
            source = file;
        }
        else
        {
            throw new ArgumentException("ApplyOnnxModel needs ModelFile or ModelBytes.", nameof(options));
        }
        Runner = new OnnxGraphRunner(OnnxModel.Load(modelBytes, source));
        bindings = OnnxBindings.Create(Runner, options, source);
        Settings = new Options
        {
            OutputColumnNames = [.. bindings.Outputs.Select(o => o.Column)],
            InputColumnNames = [.. bindings.Inputs.Select(i => i.Column)],
            OnnxOutputNames = [.. bindings.Outputs.Select(o => o.Graph)],
            OnnxInputNames = [.. bindings.Inputs.Select(i => i.Graph)],
            InputShapes = options.InputShapes?.ToDictionary(kv => kv.Key, kv => (int[])kv.Value.Clone(), StringComparer.Ordinal),
            BatchSize = options.BatchSize,
            ModelFile = options.ModelFile,
        };
        mapper = new Work(this);
    }

    /// <summary>A copy of the settings with every name resolved (the model bytes are not repeated here).</summary>
    public Options Settings { get; }

    /// <summary>The prepared graph (thread-safe).</summary>
    public OnnxGraphRunner Runner { get; }

    /// <summary>The serialised ONNX model.</summary>
    public ReadOnlyMemory<byte> ModelBytes => modelBytes;

    /// <summary>True when rows are stacked into batches along the graph's first dimension.</summary>
    public bool IsBatched => bindings.Batched;

    /// <inheritdoc />
    public override string Kind => "ApplyOnnxModel";

    internal OnnxBindings Bindings => bindings;

    /// <inheritdoc />
    protected override RowMapper Mapper => mapper;

    /// <inheritdoc />
    public override TransformerState GetState()
    {
        var options = new JsonObject
        {
            ["outputColumnNames"] = TransformSupport.ToJson(Settings.OutputColumnNames!),
            ["inputColumnNames"] = TransformSupport.ToJson(Settings.InputColumnNames!),
            ["onnxOutputNames"] = TransformSupport.ToJson(Settings.OnnxOutputNames!),
            ["onnxInputNames"] = TransformSupport.ToJson(Settings.OnnxInputNames!),
            ["batchSize"] = Settings.BatchSize,
        };
        if (Settings.InputShapes is { } shapes)
        {
            var o = new JsonObject();
            foreach (var (name, dims) in shapes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                o[name] = new JsonArray([.. dims.Select(d => (JsonNode)JsonValue.Create(d))]);
            options["inputShapes"] = o;
        }
        return new TransformerState(options) { OnnxModel = modelBytes };
    }

    internal static OnnxTransformer Load(TransformerState s)
    {
        if (s.OnnxModel is not { } bytes) throw new FormatException("The ApplyOnnxModel step has no ONNX model entry.");
        Dictionary<string, int[]>? shapes = null;
        if (s.Options["inputShapes"] is JsonNode node)
        {
            if (node is not JsonObject o) throw new FormatException("Option 'inputShapes' is not an object.");
            shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
            foreach (var (name, dims) in o)
            {
                if (dims is not JsonArray a || a.Any(d => d is not JsonValue v || !v.TryGetValue(out int _)))
                    throw new FormatException($"Option 'inputShapes.{name}' is not an array of integers: {dims?.ToJsonString() ?? "null"}.");
                shapes[name] = [.. a.Select(d => d!.GetValue<int>())];
            }
        }
        return new OnnxTransformer(new Options
        {
            OutputColumnNames = s.GetStrings("outputColumnNames"),
            InputColumnNames = s.GetStrings("inputColumnNames"),
            OnnxOutputNames = s.GetStrings("onnxOutputNames"),
            OnnxInputNames = s.GetStrings("onnxInputNames"),
            BatchSize = s.Get<int>("batchSize"),
            InputShapes = shapes,
            ModelBytes = bytes.ToArray(),
        });
    }

    private static byte[] ReadModelFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"ApplyOnnxModel: the ONNX model '{path}' does not exist.", path);
        long cap = OnnxLoadOptions.Default.MaxFileBytes;
        if (info.Length > cap) throw new OnnxFormatException($"the file is {info.Length} bytes, over the limit of {cap} (OnnxLoadOptions.MaxFileBytes).", path);
        return File.ReadAllBytes(path);
    }

    /// <summary>Settings of <see cref="OnnxTransformer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The columns to write, one per graph output used.</summary>
        public string[]? OutputColumnNames { get; set; }

        /// <summary>The columns to read, one per graph input (null: the graph's input names).</summary>
        public string[]? InputColumnNames { get; set; }

        /// <summary>
        /// The graph outputs written to <see cref="OutputColumnNames"/>, in the same order (null: the
        /// column names themselves, or the only output when the graph has one and one column is asked for).
        /// </summary>
        public string[]? OnnxOutputNames { get; set; }

        /// <summary>
        /// The graph inputs fed from <see cref="InputColumnNames"/>, in the same order (null: the column
        /// names themselves, or the only input when the graph has one).
        /// </summary>
        public string[]? OnnxInputNames { get; set; }

        /// <summary>The model file (read once; external tensor data is not supported here).</summary>
        public string? ModelFile { get; set; }

        /// <summary>The serialised model (used instead of <see cref="ModelFile"/> when set).</summary>
        public byte[]? ModelBytes { get; set; }

        /// <summary>Shapes that replace the graph's declared input shapes (ML.NET's custom shapes), by graph input name; -1 marks the batch.</summary>
        public IReadOnlyDictionary<string, int[]>? InputShapes { get; set; }

        /// <summary>Rows per graph run when batching; default 32.</summary>
        public int BatchSize { get; set; } = 32;
    }

    private sealed class Work(OnnxTransformer owner) : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => [.. owner.bindings.Inputs.Select(i => i.Column)];

        public override bool IsExpensive => true;

        public override bool SupportsBatch => true;

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
        {
            foreach (OnnxBindings.Input i in owner.bindings.Inputs)
            {
                RequireColumn(inputSchema, i.Column, $"a vector of {i.Size} values (graph input '{i.Graph}', one row of shape {Tensor.FormatShape(i.RowShape)})",
                    t => t is VectorDataViewType v && (v.Size == i.Size || !v.IsKnownSize), "ApplyOnnxModel");
            }
            return [.. owner.bindings.Outputs.Select(o =>
            {
                DataViewType type = o.RowDims is { } d ? new VectorDataViewType(d.Length == 0 ? [1] : d) : new VectorDataViewType();
                int size = o.RowDims?.Aggregate(1, (p, x) => p * x) ?? -1;
                DataViewAnnotations? annotations = o.SlotNames is { } names && names.Count == size ? new DataViewAnnotations { SlotNames = names } : null;
                return (o.Column, type, annotations);
            })];
        }

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context)
        {
            var outs = new object?[outputs.Length];
            Run([inputs.ToArray()], [outs], 0, 1);
            outs.CopyTo(outputs);
            return true;
        }

        public override void MapBatch(IReadOnlyList<object?[]> inputs, IReadOnlyList<object?[]> outputs)
        {
            int step = owner.bindings.Batched ? owner.Settings.BatchSize : 1;
            for (int start = 0; start < inputs.Count; start += step)
                Run(inputs, outputs, start, Math.Min(step, inputs.Count - start));
        }

        private void Run(IReadOnlyList<object?[]> rows, IReadOnlyList<object?[]> outputs, int start, int count)
        {
            OnnxBindings b = owner.bindings;
            var feeds = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            for (int i = 0; i < b.Inputs.Length; i++)
            {
                OnnxBindings.Input input = b.Inputs[i];
                var data = new float[checked(count * input.Size)];
                for (int r = 0; r < count; r++)
                {
                    var values = rows[start + r][i] as float[]
                        ?? throw new InvalidOperationException($"ApplyOnnxModel: column '{input.Column}' holds no vector in a row.");
                    if (values.Length != input.Size)
                        throw new InvalidOperationException($"ApplyOnnxModel: column '{input.Column}' holds {values.Length} values in a row; graph input '{input.Graph}' needs {input.Size} ({Tensor.FormatShape(input.RowShape)}).");
                    values.CopyTo(data, r * input.Size);
                }
                int[] shape = b.Batched ? [count, .. input.RowShape[1..]] : input.RowShape;
                feeds[input.Graph] = Tensor.Wrap(data, shape);
            }
            IReadOnlyDictionary<string, Tensor> results = owner.Runner.Run(feeds);
            for (int k = 0; k < b.Outputs.Length; k++)
            {
                OnnxBindings.Output output = b.Outputs[k];
                Tensor t = results[output.Graph];
                if (b.Batched && (t.Rank == 0 || t.Size(0) != count))
                    throw new InvalidOperationException($"ApplyOnnxModel: graph output '{output.Graph}' has shape {Tensor.FormatShape(t.Shape)} for a batch of {count}; expected {count} rows.");
                float[] all = t.ToArray();
                int per = all.Length / count;
                int? expected = output.RowDims?.Aggregate(1, (p, x) => p * x);
                if (expected is { } e && e != per)
                    throw new InvalidOperationException($"ApplyOnnxModel: graph output '{output.Graph}' has shape {Tensor.FormatShape(t.Shape)}; {e} values per row were declared.");
                for (int r = 0; r < count; r++) outputs[start + r][k] = all.AsSpan(r * per, per).ToArray();
            }
        }
    }
}
