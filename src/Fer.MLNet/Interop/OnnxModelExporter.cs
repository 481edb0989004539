using System.Text.Json;
using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Export.Models;
using Fer.MLNet.Persistence.Zip;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;
using Fer.Tensors.Autograd;

namespace Fer.MLNet.Interop;

/// <summary>
/// Exports the scoring transformer of a fitted pipeline (the last step registered in
/// <see cref="ScorerExporters"/>) to an ONNX inference graph: input "input" [N, C, H, W], outputs
/// such as "Score" (class probabilities, Softmax included) and "Features"; batch norm folded into the
/// convolutions; the preprocessing read from the steps in front of it (ExtractPixels, ResizeImages,
/// ConvertToGrayscale) and the class names written to metadata_props (<see cref="OnnxMetadataKeys"/>).
/// Steps after the scoring transformer (e.g. mapping keys back to names) are not part of the graph.
/// </summary>
public static class OnnxModelExporter
{
    /// <summary>Exports <paramref name="model"/>, which takes data of schema <paramref name="inputSchema"/>.</summary>
    /// <exception cref="ArgumentException">The model does not accept the schema, or holds no exportable scoring transformer (the message lists its steps and what can be exported).</exception>
    /// <exception cref="NotSupportedException">A module of the network has no ONNX exporter.</exception>
    public static OnnxExportResult Export(ITransformer model, DataViewSchema inputSchema, OnnxExportOptions? options = null) =>
        Export(model, inputSchema, options, adapterFor: null);

    /// <summary>Exports <paramref name="model"/> to the file <paramref name="path"/> (written atomically).</summary>
    /// <exception cref="ArgumentException">The model does not accept the schema, or holds no exportable scoring transformer.</exception>
    /// <exception cref="NotSupportedException">A module of the network has no ONNX exporter.</exception>
    public static OnnxExportResult Export(ITransformer model, DataViewSchema inputSchema, string path, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        OnnxExportResult result = Export(model, inputSchema, options, adapterFor: null);
        AtomicFile.WriteAllBytes(path, result.Model);
        return result;
    }

    /// <summary>
    /// Exports the pretrained face-api TinyFaceDetector at input size <paramref name="inputSize"/> (a multiple
    /// of 32; face-api uses 416): input "input" [N, 3, S, S], output "Grid" [N, 25, S / 32, S / 32], the raw
    /// values its box decoder reads. The preprocessing, the anchors and the decoding are in metadata_props.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> is not a positive multiple of 32.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public static OnnxExportResult ExportFaceDetector(int inputSize = 416, OnnxExportOptions? options = null)
    {
        if (inputSize < 32 || inputSize % 32 != 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The detector's input size must be a positive multiple of 32 (face-api uses 416).");
        options ??= new OnnxExportOptions();
        options.Validate();
        ScorerExport scorer = FaceApiExporters.Detector(FaceApiModels.Detector, inputSize);
        ImagePreprocessing preprocessing = options.Preprocessing ?? scorer.BuiltInPreprocessing!;
        return Write(scorer, options, adapter: null, preprocessing, preprocessing.ToJson().ToJsonString());
    }

    /// <summary>
    /// The export, with an optional adapter between the graph input and the network, made from the
    /// preprocessing found (used by the ML.NET export).
    /// </summary>
    internal static OnnxExportResult Export(ITransformer model, DataViewSchema inputSchema, OnnxExportOptions? options, Func<ImagePreprocessing?, InputAdapter>? adapterFor)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        options ??= new OnnxExportOptions();
        options.Validate();
        List<ITransformer> steps = PreprocessingTracer.Flatten(model);
        DataViewSchema[] schemas;
        try
        {
            schemas = PreprocessingTracer.Schemas(steps, inputSchema);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The model does not accept its input schema: {e.Message}", nameof(inputSchema), e);
        }
        int index = steps.FindLastIndex(ScorerExporters.IsSupported);
        if (index < 0)
        {
            throw new ArgumentException($"The model has no step that can be exported to ONNX; its steps are: {string.Join(", ", steps.Select(PreprocessingTracer.Describe))}. " +
                $"Exportable transformers: {string.Join(", ", ScorerExporters.SupportedTypes)}.", nameof(model));
        }
        ScorerExport scorer = ScorerExporters.Describe(steps[index]);
        CheckInputColumn(schemas[index], scorer);
        string reason = "";
        ImagePreprocessing? preprocessing = options.Preprocessing ?? scorer.BuiltInPreprocessing
            ?? PreprocessingTracer.Trace(steps, schemas, index, scorer.InputColumnName, scorer.Width, scorer.Height, out reason);
        if (preprocessing is not null && (preprocessing.Channels != scorer.Channels))
            throw new ArgumentException($"The preprocessing gives {preprocessing.Channels} channel(s); {scorer.Kind} reads {scorer.Channels}.", nameof(options));
        if (preprocessing is not null && (preprocessing.Width != scorer.Width || preprocessing.Height != scorer.Height))
            throw new ArgumentException($"The preprocessing gives {preprocessing.Width}x{preprocessing.Height} images; {scorer.Kind} reads {scorer.Width}x{scorer.Height}.", nameof(options));
        if (adapterFor is not null && preprocessing is null)
        {
            throw new ArgumentException($"The preprocessing of the model's input is unknown ({reason}); give it in OnnxExportOptions.Preprocessing.", nameof(model));
        }
        InputAdapter? adapter = adapterFor?.Invoke(preprocessing);
        string preprocessingText = (adapter?.Describe(preprocessing) ?? preprocessing?.ToJson())?.ToJsonString()
            ?? $"unknown: {reason}; the input is the model's pixel column '{scorer.InputColumnName}' [C, H, W] as the pipeline prepared it.";
        return Write(scorer, options, adapter, preprocessing, preprocessingText);
    }

    /// <summary>
    /// Builds the graph of <paramref name="scorer"/> (behind <paramref name="adapter"/> when given), writes the
    /// metadata and checks that the bytes read back as valid ONNX. Shared by the pipeline export and the
    /// export of networks that are not pipeline steps (the face detector).
    /// </summary>
    internal static OnnxExportResult Write(ScorerExport scorer, OnnxExportOptions options, InputAdapter? adapter, ImagePreprocessing? preprocessing, string preprocessingText)
    {
        var builder = new OnnxGraphBuilder("FerMLNet." + scorer.Kind, options.OpsetVersion);
        var context = new ModuleExportContext(builder, options.FoldBatchNorm);
        int[] networkShape = [-1, scorer.Channels, scorer.Height, scorer.Width];
        int[] inputShape = adapter?.InputShape ?? networkShape;
        var x = new GraphValue(builder.AddInput(options.InputName, inputShape), inputShape);
        IReadOnlyList<ScorerOutput> outputs;
        using (GradMode.NoGrad())
        {
            if (adapter is not null) x = adapter.Build(context, x);
            if (!x.Shape.SequenceEqual(networkShape))
                throw new InvalidOperationException($"The input adapter gives {x.DescribeShape()}; the network reads {GraphValue.Describe(networkShape)}.");
            outputs = scorer.Build(context, x);
        }
        if (!options.IncludeSecondaryOutputs) outputs = outputs.Take(1).ToArray();
        var described = new JsonObject();
        foreach (ScorerOutput o in outputs)
        {
            if (o.Name == options.InputName) throw new ArgumentException($"The output name '{o.Name}' is also the input's name.", nameof(options));
            builder.AddNode("Identity", [o.Value.Name], [o.Name], "output_" + o.Name);
            builder.AddOutput(o.Name, o.Value.Shape);
            described[o.Name] = o.Description;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxMetadataKeys.ModelKind] = scorer.Kind,
            [OnnxMetadataKeys.InputLayout] = "NCHW",
            [OnnxMetadataKeys.InputShape] = JsonSerializer.Serialize(inputShape),
            [OnnxMetadataKeys.Preprocessing] = preprocessingText,
            [OnnxMetadataKeys.Outputs] = described.ToJsonString(),
        };
        if (scorer.ClassNames is { } classes) metadata[OnnxMetadataKeys.ClassNames] = JsonSerializer.Serialize(classes);
        foreach (var (k, v) in scorer.Metadata ?? new Dictionary<string, string>()) metadata.TryAdd(k, v);
        foreach (ScorerOutput o in outputs)
            if (o.SlotNames is { } slots) metadata[OnnxMetadataKeys.SlotNamesPrefix + o.Name] = JsonSerializer.Serialize(slots);
        foreach (var (k, v) in options.Metadata ?? new Dictionary<string, string>())
        {
            if (!metadata.TryAdd(k, v)) throw new ArgumentException($"Metadata key '{k}' is written by the exporter itself.", nameof(options));
        }
        foreach (var (k, v) in metadata) builder.AddMetadata(k, v);

        byte[] bytes = builder.ToBytes();
        // The graph must read back as valid ONNX (structure, topological order, initializer sizes).
        OnnxModel.Load(bytes, "exported " + scorer.Kind);
        return new OnnxExportResult(bytes, scorer.Kind, options.InputName, inputShape, [.. outputs.Select(o => o.Name)], preprocessing, scorer.ClassNames, metadata);
    }

    private static void CheckInputColumn(DataViewSchema schema, ScorerExport scorer)
    {
        DataViewSchema.Column? column = schema.GetColumnOrNull(scorer.InputColumnName);
        if (scorer.BuiltInPreprocessing is not null)
        {
            // A pretrained model prepares its images itself: its column holds images, not pixels.
            if (column is not { Type: ImageDataViewType })
                throw new ArgumentException($"{scorer.Kind} reads images from column '{scorer.InputColumnName}', which is {column?.Type.ToString() ?? "missing"}.");
            return;
        }
        int expected = scorer.Channels * scorer.Height * scorer.Width;
        if (column is not { Type: VectorDataViewType { Size: var size } } || (size != 0 && size != expected))
            throw new ArgumentException($"{scorer.Kind} reads column '{scorer.InputColumnName}', which is {column?.Type.ToString() ?? "missing"}; expected a vector of {expected} values [{scorer.Channels}, {scorer.Height}, {scorer.Width}].");
    }
}
