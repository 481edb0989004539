using Fer.MLNet.Onnx.Import;
using Fer.MLNet.Onnx.Proto;
using Fer.MLNet.Onnx.Runtime;

namespace Fer.MLNet.Onnx;

/// <summary>
/// An ONNX model read from a file or bytes, checked for structure: the protobuf is well formed and
/// within the <see cref="OnnxLoadOptions"/> limits, the default-domain opset is 7..21, every node
/// input is produced by an initializer, a graph input or an earlier node, there is no cycle, and
/// every initializer's data matches its shape. Operator-level checks (supported operators,
/// attributes, shapes) happen when an <see cref="OnnxGraphRunner"/> is created.
/// </summary>
public sealed class OnnxModel
{
    /// <summary>The lowest default-domain opset version accepted.</summary>
    public const int MinOpsetVersion = 7;

    /// <summary>The highest default-domain opset version accepted.</summary>
    public const int MaxOpsetVersion = 21;

    private readonly Dictionary<string, OnnxValue> initializers;

    private OnnxModel(ModelProto proto, string sourceName, string? folder, OnnxLoadOptions options)
    {
        Proto = proto;
        SourceName = sourceName;
        Options = options;
        GraphProto graph = proto.Graph ?? throw new OnnxFormatException("the model has no graph.", sourceName);
        if (graph.HasSparseInitializers) throw new OnnxFormatException("sparse initializers are not supported.", sourceName);
        OpsetVersion = CheckOpset(proto, sourceName);
        Nodes = OnnxGraphChecker.SortAndCheck(graph, sourceName);

        initializers = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (TensorProto t in graph.Initializers)
        {
            string what = $"initializer '{t.Name}'";
            initializers[t.Name] = OnnxTensorDecoder.Decode(t, what, options, folder, d => new OnnxFormatException(d, sourceName));
        }
        Inputs = graph.Inputs.Where(v => !initializers.ContainsKey(v.Name)).ToList();
        Outputs = graph.Outputs.ToList();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (StringStringEntryProto e in proto.MetadataProps)
        {
            if (!metadata.TryAdd(e.Key, e.Value)) throw new OnnxFormatException($"metadata key '{e.Key}' appears twice.", sourceName);
        }
        Metadata = metadata;
    }

    /// <summary>The parsed protobuf message.</summary>
    public ModelProto Proto { get; }

    /// <summary>The file path, or the display name given for bytes; used in every error message.</summary>
    public string SourceName { get; }

    /// <summary>The version of the default ONNX operator set the model imports.</summary>
    public int OpsetVersion { get; }

    /// <summary>The graph's nodes in a topological order (the file's order when it already is one).</summary>
    public IReadOnlyList<NodeProto> Nodes { get; }

    /// <summary>The inputs a caller must feed (graph inputs that are not initializers).</summary>
    public IReadOnlyList<ValueInfoProto> Inputs { get; }

    /// <summary>The graph's outputs.</summary>
    public IReadOnlyList<ValueInfoProto> Outputs { get; }

    /// <summary>The model's metadata_props as a dictionary.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The constant tensors (weights) by name, decoded; runners share them, so do not modify them.</summary>
    public IReadOnlyDictionary<string, OnnxValue> Initializers => initializers;

    /// <summary>The limits the model was loaded with (also applied when it runs).</summary>
    public OnnxLoadOptions Options { get; }

    /// <summary>Reads and checks a model file.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="options">Limits; null for <see cref="OnnxLoadOptions.Default"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxFormatException">The file is too large, not valid protobuf, or structurally broken (the message says what and where).</exception>
    public static OnnxModel Load(string path, OnnxLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= OnnxLoadOptions.Default;
        options.Validate();
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"ONNX model '{path}' does not exist.", path);
        if (info.Length > options.MaxFileBytes)
            throw new OnnxFormatException($"the file is {info.Length} bytes, over the limit of {options.MaxFileBytes} (OnnxLoadOptions.MaxFileBytes).", path);
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            bytes = ReadCapped(stream, options.MaxFileBytes, path);
        return Parse(bytes, path, Path.GetDirectoryName(Path.GetFullPath(path)), options);
    }

    /// <summary>Reads and checks a model held in memory. External data is never read for such models.</summary>
    /// <param name="bytes">The serialised ModelProto (not copied; do not change it while the model is used).</param>
    /// <param name="sourceName">A name for error messages; default "ONNX bytes".</param>
    /// <param name="options">Limits; null for <see cref="OnnxLoadOptions.Default"/>.</param>
    /// <exception cref="OnnxFormatException">The bytes are too many, not valid protobuf, or structurally broken.</exception>
    public static OnnxModel Load(byte[] bytes, string? sourceName = null, OnnxLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        options ??= OnnxLoadOptions.Default;
        options.Validate();
        sourceName ??= "ONNX bytes";
        if (bytes.Length > options.MaxFileBytes)
            throw new OnnxFormatException($"the model is {bytes.Length} bytes, over the limit of {options.MaxFileBytes} (OnnxLoadOptions.MaxFileBytes).", sourceName);
        return Parse(bytes, sourceName, null, options);
    }

    /// <summary>Reads and checks a model from a stream (read to its end, at most <see cref="OnnxLoadOptions.MaxFileBytes"/>).</summary>
    /// <exception cref="OnnxFormatException">The stream holds too many bytes, invalid protobuf, or a broken graph.</exception>
    public static OnnxModel Load(Stream stream, string? sourceName = null, OnnxLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= OnnxLoadOptions.Default;
        options.Validate();
        sourceName ??= "ONNX stream";
        return Parse(ReadCapped(stream, options.MaxFileBytes, sourceName), sourceName, null, options);
    }

    private static OnnxModel Parse(byte[] bytes, string source, string? folder, OnnxLoadOptions options)
    {
        ModelProto proto = OnnxProtoReader.ReadModel(bytes, source, options);
        return new OnnxModel(proto, source, folder, options);
    }

    private static byte[] ReadCapped(Stream stream, long cap, string source)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > cap)
                throw new OnnxFormatException($"the model is larger than the limit of {cap} bytes (OnnxLoadOptions.MaxFileBytes).", source);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static int CheckOpset(ModelProto proto, string source)
    {
        if (proto.IrVersion < 3)
            throw new OnnxFormatException($"IR version {proto.IrVersion} is not supported; expected 3 or later.", source);
        if (proto.HasFunctions)
            throw new OnnxFormatException("model-local functions (ModelProto.functions) are not supported.", source);
        long? version = null;
        foreach (OperatorSetIdProto o in proto.OpsetImports)
        {
            if (o.Domain is not ("" or "ai.onnx")) continue;
            if (version is not null) throw new OnnxFormatException("the default ONNX domain is imported twice.", source);
            version = o.Version;
        }
        if (version is null)
            throw new OnnxFormatException("the model imports no opset for the default ONNX domain (opset_import).", source);
        if (version < MinOpsetVersion || version > MaxOpsetVersion)
            throw new OnnxFormatException($"default-domain opset {version} is not supported; expected {MinOpsetVersion}..{MaxOpsetVersion}.", source);
        return (int)version.Value;
    }
}
