using System.Buffers.Binary;

namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// Reads the fields of a <c>Model.key</c> body the way ML.NET's loaders do (little-endian int32,
/// byte, bool byte, float32, string ids into the table), with every read bounds-checked and every
/// failure a <see cref="ModelFormatException"/> naming the file, entry, loader and field.
/// </summary>
internal ref struct ModelBodyReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly IReadOnlyList<string> _strings;
    private readonly string _loader;
    private readonly string? _file;
    private readonly string? _entry;
    private int _position;

    public ModelBodyReader(MLNetModelKey key, string? file, string? entry)
    {
        _body = key.Body.Span;
        _strings = key.Strings;
        _loader = key.LoaderSignature;
        _file = file;
        _entry = entry;
        _position = 0;
    }

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _body.Length - _position;

    public int ReadInt32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    public byte ReadByte(string field) => Take(1, field)[0];

    public float ReadSingle(string field) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, field));

    /// <summary>A bool stored as one byte, 0 or 1.</summary>
    public bool ReadBoolByte(string field)
    {
        byte b = ReadByte(field);
        if (b > 1) throw Bad(field, $"is {b}, expected a bool byte 0 or 1");
        return b == 1;
    }

    /// <summary>
    /// A count that must be in [<paramref name="min"/>, <paramref name="max"/>] and leave room for at
    /// least <paramref name="bytesPerItem"/> bytes per item, so a corrupt count cannot drive a large allocation.
    /// </summary>
    public int ReadCount(string field, int bytesPerItem, int min = 0, int max = int.MaxValue)
    {
        int n = ReadInt32(field);
        if (n < min || n > max)
            throw Bad(field, max == int.MaxValue ? $"is {n}, expected at least {min}" : $"is {n}, expected {min} to {max}");
        if ((long)n * bytesPerItem > Remaining)
            throw Bad(field, $"is {n}, but only {Remaining} bytes remain ({bytesPerItem} needed per item)");
        return n;
    }

    /// <summary>A string id that must name a non-empty string of the table.</summary>
    public string ReadNonEmptyString(string field)
    {
        int id = ReadInt32(field);
        if (id < 0 || id >= _strings.Count)
            throw Bad(field, $"string id {id} is outside the table of {_strings.Count} strings");
        if (_strings[id].Length == 0)
            throw Bad(field, $"string {id} is empty, expected a non-empty name");
        return _strings[id];
    }

    /// <summary>A string id, or -1 for none.</summary>
    public string? ReadStringOrNull(string field)
    {
        int id = ReadInt32(field);
        if (id < -1 || id >= _strings.Count)
            throw Bad(field, $"string id {id} is outside the table of {_strings.Count} strings (or -1 for none)");
        return id < 0 ? null : _strings[id];
    }

    /// <summary>An int32 count followed by that many int32 values.</summary>
    public int[] ReadInt32Array(string field)
    {
        int n = ReadCount(field + " length", 4);
        var values = new int[n];
        for (int i = 0; i < n; i++) values[i] = ReadInt32(field);
        return values;
    }

    /// <summary>Throws unless the whole body was read (ML.NET's loader checks the same).</summary>
    public readonly void EnsureEnd()
    {
        if (_position != _body.Length)
            throw new ModelFormatException($"{_loader} body: {_body.Length - _position} bytes left unread after the last field (the body is {_body.Length} bytes).", _file, _entry);
    }

    /// <summary>An error about <paramref name="field"/>, for checks made by the caller.</summary>
    public readonly ModelFormatException Bad(string field, string problem) =>
        new($"{_loader} body: {field} {problem} (at body byte {_position}).", _file, _entry);

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (Remaining < count)
            throw new ModelFormatException($"{_loader} body: truncated reading {field}: {count} bytes needed at body byte {_position}, {Remaining} left.", _file, _entry);
        ReadOnlySpan<byte> span = _body.Slice(_position, count);
        _position += count;
        return span;
    }
}
