using System.Buffers.Binary;

namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>
/// ML.NET's OnnxTransformer (loader "OnnxTransform", model signature "ONNXSCOR", written 0x00010003,
/// reads back to 0x00010001). Body: int32 count and input name ids, int32 count and output name ids
/// (both counts absent, meaning 1, at 0x00010001), int32 custom-shape count and per shape a name id
/// and an int32-length-prefixed int32 array, int32 protobuf recursion limit (from 0x00010003, else
/// 100). The ONNX model is the sibling entry <c>OnnxModel</c>: int32 length, then the bytes.
/// </summary>
public sealed class OnnxTransformerRecord : IMLNetTransformerRecord
{
    /// <summary>The loader signature.</summary>
    public const string Loader = "OnnxTransform";

    /// <summary>The name of the entry beside Model.key that holds the ONNX model.</summary>
    public const string ModelEntryName = "OnnxModel";

    /// <summary>ML.NET's default protobuf recursion limit.</summary>
    public const int DefaultRecursionLimit = 100;

    internal static readonly MLNetVersionInfo Version =
        new("ONNXSCOR", 0x00010003, 0x00010003, 0x00010001, Loader, null, MLNetAssemblyNames.OnnxTransformer);

    private readonly byte[] _onnxModel;

    /// <summary>Creates the record.</summary>
    /// <param name="inputColumns">Input column names; must equal the ONNX graph's input names.</param>
    /// <param name="outputColumns">Output column names; must equal names of the graph's outputs.</param>
    /// <param name="onnxModel">The serialised ONNX ModelProto.</param>
    /// <param name="customShapes">Shape overrides, or null for none.</param>
    /// <param name="recursionLimit">Protobuf recursion limit for reading the model (positive).</param>
    /// <exception cref="ArgumentException">No inputs or outputs, an empty name, an empty model, or a limit not positive.</exception>
    public OnnxTransformerRecord(IEnumerable<string> inputColumns, IEnumerable<string> outputColumns, ReadOnlySpan<byte> onnxModel,
        IEnumerable<OnnxCustomShape>? customShapes = null, int recursionLimit = DefaultRecursionLimit)
    {
        ArgumentNullException.ThrowIfNull(inputColumns);
        ArgumentNullException.ThrowIfNull(outputColumns);
        InputColumns = CheckNames(inputColumns, nameof(inputColumns));
        OutputColumns = CheckNames(outputColumns, nameof(outputColumns));
        if (onnxModel.IsEmpty) throw new ArgumentException("the ONNX model is empty.", nameof(onnxModel));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recursionLimit);
        OnnxCustomShape[] shapes = customShapes?.ToArray() ?? [];
        foreach (OnnxCustomShape s in shapes) ArgumentNullException.ThrowIfNull(s, nameof(customShapes));
        CustomShapes = shapes;
        RecursionLimit = recursionLimit;
        _onnxModel = onnxModel.ToArray();
    }

    /// <summary>The input column names (the ONNX graph's input names).</summary>
    public IReadOnlyList<string> InputColumns { get; }

    /// <summary>The output column names (names of ONNX graph outputs).</summary>
    public IReadOnlyList<string> OutputColumns { get; }

    /// <summary>Shape overrides.</summary>
    public IReadOnlyList<OnnxCustomShape> CustomShapes { get; }

    /// <summary>Protobuf recursion limit for reading the model.</summary>
    public int RecursionLimit { get; }

    /// <summary>The serialised ONNX model.</summary>
    public ReadOnlyMemory<byte> OnnxModel => _onnxModel;

    /// <inheritdoc/>
    public string LoaderSignature => Loader;

    /// <summary>Decodes the transformer from its <c>Model.key</c> and its <c>OnnxModel</c> entry.</summary>
    /// <param name="key">The parsed Model.key.</param>
    /// <param name="onnxModelEntry">The bytes of the sibling <c>OnnxModel</c> entry (int32 length + model).</param>
    /// <param name="file">Archive name, for messages.</param>
    /// <param name="entry">Model.key entry name, for messages.</param>
    /// <exception cref="ModelFormatException">Wrong signature or version, a bad body, or an OnnxModel entry whose length prefix does not match its size.</exception>
    public static OnnxTransformerRecord Decode(MLNetModelKey key, ReadOnlySpan<byte> onnxModelEntry, string? file = null, string? entry = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        Version.Check(key, file, entry);
        var reader = new ModelBodyReader(key, file, entry);
        bool multiple = key.VersionWritten > 0x00010001;
        string[] inputs = ReadNames(ref reader, multiple, "input");
        string[] outputs = ReadNames(ref reader, multiple, "output");
        int shapeCount = reader.ReadCount("custom shape count", 8);
        var shapes = new OnnxCustomShape[shapeCount];
        for (int i = 0; i < shapeCount; i++)
        {
            string name = reader.ReadNonEmptyString($"custom shape {i} name");
            shapes[i] = new OnnxCustomShape(name, reader.ReadInt32Array($"custom shape {i} dimensions"));
        }
        int recursionLimit = DefaultRecursionLimit;
        if (key.VersionWritten >= 0x00010003)
        {
            recursionLimit = reader.ReadInt32("recursion limit");
            if (recursionLimit <= 0) throw reader.Bad("recursion limit", $"is {recursionLimit}, expected > 0");
        }
        reader.EnsureEnd();

        string modelEntry = entry is null ? ModelEntryName : entry[..(entry.LastIndexOf('/') + 1)] + ModelEntryName;
        if (onnxModelEntry.Length < 4)
            throw new ModelFormatException($"{Loader}: the {ModelEntryName} entry is {onnxModelEntry.Length} bytes, too short for its int32 length prefix.", file, modelEntry);
        int length = BinaryPrimitives.ReadInt32LittleEndian(onnxModelEntry);
        if (length <= 0 || length != onnxModelEntry.Length - 4)
            throw new ModelFormatException($"{Loader}: the {ModelEntryName} entry's length prefix is {length}, but {onnxModelEntry.Length - 4} model bytes follow it.", file, modelEntry);
        return new OnnxTransformerRecord(inputs, outputs, onnxModelEntry[4..], shapes, recursionLimit);
    }

    /// <inheritdoc/>
    public MLNetModelKey ToModelKey()
    {
        var writer = new ModelBodyWriter();
        writer.WriteInt32(InputColumns.Count);
        foreach (string name in InputColumns) writer.WriteNonEmptyString(name, "input column");
        writer.WriteInt32(OutputColumns.Count);
        foreach (string name in OutputColumns) writer.WriteNonEmptyString(name, "output column");
        writer.WriteInt32(CustomShapes.Count);
        foreach (OnnxCustomShape shape in CustomShapes)
        {
            writer.WriteNonEmptyString(shape.Name, "custom shape name");
            writer.WriteInt32Array(shape.Shape);
        }
        writer.WriteInt32(RecursionLimit);
        return writer.ToModelKey(Version);
    }

    /// <inheritdoc/>
    public IReadOnlyList<KeyValuePair<string, byte[]>> ToSiblingEntries()
    {
        var entry = new byte[4 + _onnxModel.Length];
        BinaryPrimitives.WriteInt32LittleEndian(entry, _onnxModel.Length);
        _onnxModel.CopyTo(entry, 4);
        return [new KeyValuePair<string, byte[]>(ModelEntryName, entry)];
    }

    private static string[] ReadNames(ref ModelBodyReader reader, bool counted, string what)
    {
        int count = counted ? reader.ReadCount($"{what} count", 4, min: 1) : 1;
        var names = new string[count];
        for (int i = 0; i < count; i++) names[i] = reader.ReadNonEmptyString($"{what} {i} name");
        return names;
    }

    private static string[] CheckNames(IEnumerable<string> names, string paramName)
    {
        string[] all = names.ToArray();
        if (all.Length == 0) throw new ArgumentException("at least one column name is needed.", paramName);
        foreach (string n in all)
            if (string.IsNullOrWhiteSpace(n)) throw new ArgumentException("column names must be non-empty.", paramName);
        return all;
    }
}
