using System.Buffers.Binary;
using System.Globalization;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Persistence.Zip;
using Fer.Tensors;

namespace Fer.MLNet.Onnx.Export;

/// <summary>
/// Builds an ONNX model: float32 initializers stored as raw_data, nodes with attributes, named
/// float inputs and outputs whose -1 dimensions become symbolic (the first one "N", the batch),
/// opset 13 of the default domain by default, producer "FerMLNet" and metadata_props. The bytes
/// are deterministic: the same calls give the same file.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The IR version written (8: ONNX 1.10, which reads opset 13 to 15).</summary>
    public const long IrVersion = 8;

    private readonly GraphProto graph = new();
    private readonly List<StringStringEntryProto> metadata = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly HashSet<string> metadataKeys = new(StringComparer.Ordinal);
    private int counter;

    /// <summary>Starts an empty graph.</summary>
    /// <param name="graphName">The graph's name.</param>
    /// <param name="opsetVersion">The default-domain opset, within <see cref="OnnxModel.MinOpsetVersion"/>..<see cref="OnnxModel.MaxOpsetVersion"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The opset is outside the supported range.</exception>
    public OnnxGraphBuilder(string graphName = "main", int opsetVersion = 13)
    {
        ArgumentException.ThrowIfNullOrEmpty(graphName);
        if (opsetVersion < OnnxModel.MinOpsetVersion || opsetVersion > OnnxModel.MaxOpsetVersion)
            throw new ArgumentOutOfRangeException(nameof(opsetVersion), opsetVersion, $"opset must be {OnnxModel.MinOpsetVersion}..{OnnxModel.MaxOpsetVersion}.");
        graph.Name = graphName;
        OpsetVersion = opsetVersion;
    }

    /// <summary>The default-domain opset the model imports.</summary>
    public int OpsetVersion { get; }

    /// <summary>The producer version written; default the library's version.</summary>
    public string ProducerVersion { get; set; } = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString(3) ?? "";

    /// <summary>A name not used yet, made from <paramref name="prefix"/> and a counter ("conv_3").</summary>
    public string UniqueName(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        string name;
        do name = $"{prefix}_{counter++.ToString(CultureInfo.InvariantCulture)}"; while (names.Contains(name));
        return name;
    }

    /// <summary>Adds a float32 initializer (copied, stored little-endian in raw_data) and returns its name.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public string AddInitializer(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        TensorProto t = FloatTensor(value);
        t.Name = Claim(name);
        graph.Initializers.Add(t);
        return name;
    }

    /// <summary>Adds an int64 initializer (e.g. a Reshape target) and returns its name.</summary>
    /// <exception cref="ArgumentException">The name is used, or the data does not match the shape.</exception>
    public string AddInitializer(string name, long[] values, params int[] shape)
    {
        TensorProto t = Int64Tensor(values, shape);
        t.Name = Claim(name);
        graph.Initializers.Add(t);
        return name;
    }

    /// <summary>A float32 TensorProto with raw_data (for initializers or tensor attributes).</summary>
    public static TensorProto FloatTensor(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        float[] data = value.ToArray();
        var raw = new byte[data.Length * 4];
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(4 * i), data[i]);
        var t = new TensorProto { ElementType = TensorDataType.Float, RawData = raw, HasRawData = true };
        foreach (int d in value.Shape) t.Dims.Add(d);
        return t;
    }

    /// <summary>An int64 TensorProto with raw_data.</summary>
    /// <exception cref="ArgumentException">The data length differs from the shape's element count.</exception>
    public static TensorProto Int64Tensor(long[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        long n = shape.Aggregate(1L, (p, d) => d < 0 ? throw new ArgumentException($"negative dimension in {Tensor.FormatShape(shape)}.", nameof(shape)) : p * d);
        if (n != values.Length) throw new ArgumentException($"{values.Length} values do not fill shape {Tensor.FormatShape(shape)}.", nameof(values));
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(8 * i), values[i]);
        var t = new TensorProto { ElementType = TensorDataType.Int64, RawData = raw, HasRawData = true };
        foreach (int d in shape) t.Dims.Add(d);
        return t;
    }

    /// <summary>Declares a float32 graph input; -1 dimensions become symbolic ("N" for the first, "{name}_d{i}" for others).</summary>
    /// <exception cref="ArgumentException">The name is used, or a dimension is below -1.</exception>
    public string AddInput(string name, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        graph.Inputs.Add(ValueInfo(Claim(name), shape));
        return name;
    }

    /// <summary>
    /// Declares a float32 graph output (a value some node produces) with its expected shape (-1
    /// symbolic, as for inputs), or with no shape information when <paramref name="shape"/> is null.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already an output, or a dimension is below -1.</exception>
    public void AddOutput(string name, int[]? shape = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (graph.Outputs.Any(o => o.Name == name)) throw new ArgumentException($"'{name}' is already an output.", nameof(name));
        graph.Outputs.Add(ValueInfo(name, shape));
    }

    /// <summary>Adds a node; its outputs must be new names. Returns the first output's name.</summary>
    /// <param name="opType">The operator, e.g. "Conv".</param>
    /// <param name="inputs">Input value names ("" for an omitted optional input).</param>
    /// <param name="outputs">Output value names.</param>
    /// <param name="name">The node's name; null for a generated one.</param>
    /// <param name="attributes">Attributes from <see cref="OnnxAttribute"/>.</param>
    /// <exception cref="ArgumentException">An output name is already used, or a name is empty.</exception>
    public string AddNode(string opType, string[] inputs, string[] outputs, string? name = null, params AttributeProto[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(attributes);
        if (outputs.Length == 0) throw new ArgumentException("a node needs at least one output.", nameof(outputs));
        var node = new NodeProto { OpType = opType, Name = name ?? UniqueName(opType) };
        node.Inputs.AddRange(inputs);
        foreach (string o in outputs) node.Outputs.Add(Claim(o));
        node.Attributes.AddRange(attributes);
        graph.Nodes.Add(node);
        return outputs[0];
    }

    /// <summary>Adds a one-output node with a generated output name ("{opType}_out_k") and returns that name.</summary>
    public string AddNode(string opType, string[] inputs, params AttributeProto[] attributes) =>
        AddNode(opType, inputs, [UniqueName(opType + "_out")], null, attributes);

    /// <summary>Adds a metadata_props entry (e.g. how to preprocess images for the model).</summary>
    /// <exception cref="ArgumentException">The key is empty or already present.</exception>
    public void AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!metadataKeys.Add(key)) throw new ArgumentException($"metadata key '{key}' is already set.", nameof(key));
        metadata.Add(new StringStringEntryProto(key, value));
    }

    /// <summary>The model message for what was added so far (it shares the graph with this builder).</summary>
    /// <exception cref="InvalidOperationException">No output was declared.</exception>
    public ModelProto Build()
    {
        if (graph.Outputs.Count == 0) throw new InvalidOperationException("Declare at least one output with AddOutput before building.");
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "FerMLNet",
            ProducerVersion = ProducerVersion,
            Graph = graph,
        };
        model.OpsetImports.Add(new OperatorSetIdProto("", OpsetVersion));
        model.MetadataProps.AddRange(metadata);
        return model;
    }

    /// <summary>The serialised model.</summary>
    public byte[] ToBytes() => OnnxProtoWriter.Write(Build());

    /// <summary>Writes the model to <paramref name="path"/> atomically (a temporary file renamed into place).</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    private string Claim(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!names.Add(name)) throw new ArgumentException($"the name '{name}' is already used in this graph.", nameof(name));
        return name;
    }

    private static ValueInfoProto ValueInfo(string name, int[]? shape)
    {
        var type = new TensorTypeProto { ElemType = (int)TensorDataType.Float };
        if (shape is null) return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = type } };
        var s = new TensorShapeProto();
        bool first = true;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < -1) throw new ArgumentException($"dimension {i} of {Tensor.FormatShape(shape)} is below -1.", nameof(shape));
            if (shape[i] >= 0)
            {
                s.Dims.Add(TensorShapeDimension.Fixed(shape[i]));
                continue;
            }
            s.Dims.Add(TensorShapeDimension.Symbolic(first ? "N" : $"{name}_d{i.ToString(CultureInfo.InvariantCulture)}"));
            first = false;
        }
        type.Shape = s;
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = type } };
    }
}
