using System.Buffers.Binary;

namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// One ML.NET <c>Model.key</c> stream: a 256-byte little-endian header, the component's body, a
/// string table (cumulative end offsets) with its UTF-16LE characters, an optional UTF-16LE
/// assembly name of the loader, and the tail signature. <see cref="Parse"/> validates every offset,
/// length and version the way ML.NET's loader does (and is stricter: no trailing bytes, reserved
/// header bytes zero); <see cref="ToBytes"/> writes the stream back in ML.NET's layout, so a parsed
/// stream re-encodes byte for byte.
/// </summary>
public sealed class MLNetModelKey
{
    /// <summary>Size of the header, and offset of the body, in bytes.</summary>
    public const int HeaderSize = 0x100;

    /// <summary>The header signature, "ML\0MODEL" read as a little-endian u64.</summary>
    public const ulong Signature = 0x4C45444F4D004C4DUL;

    /// <summary>The tail signature that ends the stream.</summary>
    public const ulong TailSignature = 0x4D4C004D4F44454CUL;

    /// <summary>Header version that added the assembly name (and the version ML.NET writes).</summary>
    public const uint HeaderVersionWithAssemblyName = 0x00010002;

    /// <summary>Oldest header version ML.NET reads.</summary>
    public const uint OldestHeaderVersion = 0x00010001;

    private readonly string[] _strings;
    private readonly byte[] _body;

    /// <summary>Creates a stream description, checking each field can be encoded.</summary>
    /// <param name="modelSignature">Eight characters, each at most U+00FF; a space is stored as 0 (e.g. "XF CHAIN").</param>
    /// <param name="versionWritten">The component's format version written.</param>
    /// <param name="versionReadable">The oldest component format version that can read this one.</param>
    /// <param name="loaderSignature">The loader's name, up to 24 characters each at most U+00FF.</param>
    /// <param name="loaderSignatureAlt">An alternate loader name (same rules), or null.</param>
    /// <param name="assemblyName">The loader's full assembly name, or null (header version 0x00010001 cannot hold one).</param>
    /// <param name="strings">The string table; a body refers to string i by the int32 i.</param>
    /// <param name="body">The component's body bytes.</param>
    /// <param name="headerVersionWritten">Header version written (default 0x00010002).</param>
    /// <param name="headerVersionReadable">Header version readable (default 0x00010002).</param>
    /// <exception cref="ArgumentException">A field cannot be encoded or the versions are inconsistent.</exception>
    public MLNetModelKey(string modelSignature, uint versionWritten, uint versionReadable, string loaderSignature,
        string? loaderSignatureAlt, string? assemblyName, IEnumerable<string>? strings, ReadOnlySpan<byte> body,
        uint headerVersionWritten = HeaderVersionWithAssemblyName, uint headerVersionReadable = HeaderVersionWithAssemblyName)
        : this(EncodeModelSignature(modelSignature), versionWritten, versionReadable, loaderSignature, loaderSignatureAlt,
            assemblyName, strings?.ToArray() ?? [], body.ToArray(), headerVersionWritten, headerVersionReadable)
    {
    }

    internal MLNetModelKey(ulong modelSignature, uint versionWritten, uint versionReadable, string loaderSignature,
        string? loaderSignatureAlt, string? assemblyName, string[] strings, byte[] body,
        uint headerVersionWritten, uint headerVersionReadable)
    {
        ArgumentNullException.ThrowIfNull(loaderSignature);
        CheckSignatureText(loaderSignature, nameof(loaderSignature));
        if (loaderSignatureAlt is not null) CheckSignatureText(loaderSignatureAlt, nameof(loaderSignatureAlt));
        if (headerVersionReadable > headerVersionWritten || headerVersionReadable > HeaderVersionWithAssemblyName || headerVersionWritten < OldestHeaderVersion)
            throw new ArgumentException($"header versions written 0x{headerVersionWritten:X8}, readable 0x{headerVersionReadable:X8} are not ones ML.NET reads.", nameof(headerVersionWritten));
        if (assemblyName is not null && headerVersionWritten < HeaderVersionWithAssemblyName)
            throw new ArgumentException($"header version 0x{headerVersionWritten:X8} cannot hold an assembly name.", nameof(assemblyName));
        foreach (string s in strings)
            ArgumentNullException.ThrowIfNull(s, nameof(strings));

        ModelSignatureValue = modelSignature;
        VersionWritten = versionWritten;
        VersionReadable = versionReadable;
        LoaderSignature = loaderSignature;
        LoaderSignatureAlt = string.IsNullOrEmpty(loaderSignatureAlt) ? null : loaderSignatureAlt;
        AssemblyName = assemblyName;
        HeaderVersionWritten = headerVersionWritten;
        HeaderVersionReadable = headerVersionReadable;
        _strings = strings;
        _body = body;
    }

    /// <summary>Header format version written (0x00010002, or 0x00010001 in old files).</summary>
    public uint HeaderVersionWritten { get; }

    /// <summary>Header format version readable.</summary>
    public uint HeaderVersionReadable { get; }

    /// <summary>The model signature as stored (eight bytes, little-endian).</summary>
    public ulong ModelSignatureValue { get; }

    /// <summary>The model signature as eight characters, a stored 0 shown as a space (e.g. "XF CHAIN").</summary>
    public string ModelSignature => DecodeModelSignature(ModelSignatureValue);

    /// <summary>The component's format version written.</summary>
    public uint VersionWritten { get; }

    /// <summary>The oldest component format version able to read this stream.</summary>
    public uint VersionReadable { get; }

    /// <summary>The loader signature ML.NET looks the component up by (e.g. "TransformerChain").</summary>
    public string LoaderSignature { get; }

    /// <summary>The alternate loader signature, or null.</summary>
    public string? LoaderSignatureAlt { get; }

    /// <summary>The loader's full assembly name, or null when the stream has none.</summary>
    public string? AssemblyName { get; }

    /// <summary>The string table.</summary>
    public IReadOnlyList<string> Strings => _strings;

    /// <summary>The component's body.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>
    /// Parses and validates a <c>Model.key</c> stream. <paramref name="fileName"/> and
    /// <paramref name="entryName"/> only label error messages.
    /// </summary>
    /// <exception cref="ModelFormatException">The stream is truncated, has a wrong signature, an offset or length out of place, versions ML.NET would refuse, trailing bytes, or a bad tail.</exception>
    public static MLNetModelKey Parse(ReadOnlySpan<byte> data, string? fileName = null, string? entryName = null)
        => MLNetModelKeyParser.Parse(data, fileName, entryName);

    /// <summary>Encodes the stream in ML.NET's layout: header, body, string table, characters, assembly name, tail.</summary>
    public byte[] ToBytes()
    {
        long charBytes = 0;
        foreach (string s in _strings) charBytes += 2L * s.Length;
        long tableBytes = 8L * _strings.Length;
        long size = HeaderSize + _body.Length + (_strings.Length > 0 ? tableBytes + charBytes : 0)
            + 2L * (AssemblyName?.Length ?? 0) + 8;
        if (size > Array.MaxLength)
            throw new InvalidOperationException($"the Model.key stream would be {size} bytes, too large for one array.");

        var bytes = new byte[size];
        Span<byte> b = bytes;
        long cursor = HeaderSize;
        _body.CopyTo(b[HeaderSize..]);
        cursor += _body.Length;
        long bodyLength = _body.Length;
        long tableAt = 0, charsAt = 0;
        if (_strings.Length > 0)
        {
            tableAt = cursor;
            charsAt = tableAt + tableBytes;
            long end = 0, at = charsAt;
            for (int i = 0; i < _strings.Length; i++)
            {
                end += 2L * _strings[i].Length;
                BinaryPrimitives.WriteInt64LittleEndian(b[(int)(tableAt + 8L * i)..], end);
                at = WriteUtf16(b, at, _strings[i]);
            }
            cursor = at;
        }
        long assemblyAt = 0;
        if (AssemblyName is not null)
        {
            assemblyAt = cursor;
            cursor = WriteUtf16(b, cursor, AssemblyName);
        }
        long tail = cursor;
        BinaryPrimitives.WriteUInt64LittleEndian(b[(int)tail..], TailSignature);

        BinaryPrimitives.WriteUInt64LittleEndian(b[0x00..], Signature);
        BinaryPrimitives.WriteUInt32LittleEndian(b[0x08..], HeaderVersionWritten);
        BinaryPrimitives.WriteUInt32LittleEndian(b[0x0C..], HeaderVersionReadable);
        BinaryPrimitives.WriteInt64LittleEndian(b[0x10..], HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(b[0x18..], bodyLength);
        BinaryPrimitives.WriteInt64LittleEndian(b[0x20..], tableAt);
        BinaryPrimitives.WriteInt64LittleEndian(b[0x28..], _strings.Length > 0 ? tableBytes : 0);
        BinaryPrimitives.WriteInt64LittleEndian(b[0x30..], charsAt);
        BinaryPrimitives.WriteInt64LittleEndian(b[0x38..], _strings.Length > 0 ? charBytes : 0);
        BinaryPrimitives.WriteUInt64LittleEndian(b[0x40..], ModelSignatureValue);
        BinaryPrimitives.WriteUInt32LittleEndian(b[0x48..], VersionWritten);
        BinaryPrimitives.WriteUInt32LittleEndian(b[0x4C..], VersionReadable);
        WriteSignatureText(b.Slice(0x50, 24), LoaderSignature);
        WriteSignatureText(b.Slice(0x68, 24), LoaderSignatureAlt ?? "");
        BinaryPrimitives.WriteInt64LittleEndian(b[0x80..], tail);
        BinaryPrimitives.WriteInt64LittleEndian(b[0x88..], tail + 8);
        BinaryPrimitives.WriteInt64LittleEndian(b[0x90..], assemblyAt);
        BinaryPrimitives.WriteUInt32LittleEndian(b[0x98..], (uint)(2L * (AssemblyName?.Length ?? 0)));
        return bytes;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{LoaderSignature} ('{ModelSignature}' 0x{VersionWritten:X8}, {_strings.Length} strings, {_body.Length} body bytes)";

    /// <summary>Packs eight characters into the u64 ML.NET stores, a space becoming 0.</summary>
    internal static ulong EncodeModelSignature(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 8)
            throw new ArgumentException($"model signature '{text}' must have 8 characters.", nameof(text));
        ulong value = 0;
        for (int i = 0; i < 8; i++)
        {
            char c = text[i];
            if (c > 0xFF) throw new ArgumentException($"model signature '{text}' has a character above U+00FF.", nameof(text));
            if (c != ' ') value |= (ulong)c << (8 * i);
        }
        return value;
    }

    internal static string DecodeModelSignature(ulong value)
    {
        Span<char> chars = stackalloc char[8];
        for (int i = 0; i < 8; i++)
        {
            byte b = (byte)(value >> (8 * i));
            chars[i] = b == 0 ? ' ' : (char)b;
        }
        return new string(chars);
    }

    private static void CheckSignatureText(string text, string name)
    {
        if (text.Length > 24) throw new ArgumentException($"loader signature '{text}' is longer than 24 characters.", name);
        foreach (char c in text)
            if (c > 0xFF) throw new ArgumentException($"loader signature '{text}' has a character above U+00FF.", name);
    }

    private static void WriteSignatureText(Span<byte> destination, string text)
    {
        for (int i = 0; i < text.Length; i++) destination[i] = (byte)text[i];
    }

    private static long WriteUtf16(Span<byte> b, long at, string text)
    {
        foreach (char c in text)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[(int)at..], c);
            at += 2;
        }
        return at;
    }
}
