using System.Buffers;
using System.Buffers.Binary;

namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// Writes a <c>Model.key</c> body the way ML.NET's savers do: little-endian fields, and strings as
/// int32 ids into a pool that gives an equal string the same id (ids in order of first use).
/// </summary>
internal sealed class ModelBodyWriter
{
    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly List<string> _strings = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_body.GetSpan(4), value);
        _body.Advance(4);
    }

    public void WriteByte(byte value)
    {
        _body.GetSpan(1)[0] = value;
        _body.Advance(1);
    }

    public void WriteBoolByte(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_body.GetSpan(4), value);
        _body.Advance(4);
    }

    /// <summary>Writes the id of a string that must not be empty.</summary>
    public void WriteNonEmptyString(string value, string what)
    {
        if (string.IsNullOrEmpty(value)) throw new ArgumentException($"{what} must be a non-empty string.", what);
        WriteInt32(Id(value));
    }

    /// <summary>Writes the id of a string, or -1 for null.</summary>
    public void WriteStringOrNull(string? value) => WriteInt32(value is null ? -1 : Id(value));

    /// <summary>Writes an int32 count and the values.</summary>
    public void WriteInt32Array(IReadOnlyList<int> values)
    {
        WriteInt32(values.Count);
        foreach (int v in values) WriteInt32(v);
    }

    /// <summary>Wraps the body and string pool into a <c>Model.key</c> with the component's version info.</summary>
    public MLNetModelKey ToModelKey(MLNetVersionInfo version) =>
        new(MLNetModelKey.EncodeModelSignature(version.ModelSignature), version.VersionWritten, version.VersionReadable,
            version.LoaderSignature, version.LoaderSignatureAlt, version.AssemblyName, [.. _strings], _body.WrittenSpan.ToArray(),
            MLNetModelKey.HeaderVersionWithAssemblyName, MLNetModelKey.HeaderVersionWithAssemblyName);

    private int Id(string value)
    {
        if (!_ids.TryGetValue(value, out int id))
        {
            id = _strings.Count;
            _strings.Add(value);
            _ids.Add(value, id);
        }
        return id;
    }
}
