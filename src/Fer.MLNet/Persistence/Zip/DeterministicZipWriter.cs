using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Fer.MLNet.Persistence.Zip;

/// <summary>
/// Builds a zip archive in memory whose bytes depend only on the entries added: names with '/'
/// separators, deflate at a fixed level, every timestamp 1980-01-01 00:00, no extra fields, no
/// platform attributes. Readable by <see cref="SafeZipReader"/>, .NET's ZipArchive (what ML.NET
/// uses) and common zip tools. Archives over 4 GiB (ZIP64) are not written.
/// </summary>
public sealed class DeterministicZipWriter
{
    private const ushort DosDate1980 = (0 << 9) | (1 << 5) | 1; // 1980-01-01
    private const ushort DosTimeMidnight = 0;
    private const ushort Version20 = 20;

    private readonly List<(byte[] Name, ushort Flags, ushort Method, uint Crc, int CompressedLength, int Length, long Offset)> _entries = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _body = new();

    /// <summary>The number of entries added so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Adds a file entry, deflated (or stored when <paramref name="compress"/> is false).</summary>
    /// <param name="name">Entry name with '/' separators; validated like the reader validates names.</param>
    /// <param name="content">The entry's bytes.</param>
    /// <param name="compress">Deflate (default) or store.</param>
    /// <exception cref="ArgumentException">The name is invalid or already added.</exception>
    public void Add(string name, ReadOnlySpan<byte> content, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('\\', StringComparison.Ordinal))
            throw new ArgumentException($"entry name '{name}' must use '/' separators.", nameof(name));
        if (!ZipEntryNames.TryNormalize(name, out string normalized, out string problem) || normalized[^1] == '/')
            throw new ArgumentException($"entry name '{name}' is not a valid file name: {(problem.Length > 0 ? problem : "it ends with '/'")}.", nameof(name));
        if (!_names.Add(normalized))
            throw new ArgumentException($"entry '{name}' was already added.", nameof(name));
        if ((long)_body.WrittenCount + content.Length > uint.MaxValue - (1 << 20))
            throw new InvalidOperationException("the archive would need ZIP64 (over 4 GiB), which this writer does not produce.");

        byte[] nameBytes = Encoding.UTF8.GetBytes(normalized);
        bool ascii = nameBytes.Length == normalized.Length;
        ushort flags = ascii ? (ushort)0 : (ushort)0x0800; // bit 11: the name is UTF-8
        byte[] data = compress ? Deflate(content) : content.ToArray();
        ushort method = compress ? (ushort)8 : (ushort)0;
        uint crc = Crc32.Compute(content);
        long offset = _body.WrittenCount;

        Span<byte> header = stackalloc byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034B50);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], Version20);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], method);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], DosTimeMidnight);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], DosDate1980);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], (uint)content.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], checked((ushort)nameBytes.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], 0);
        _body.Write(header);
        _body.Write(nameBytes);
        _body.Write(data);
        _entries.Add((nameBytes, flags, method, crc, data.Length, content.Length, offset));
    }

    /// <summary>Returns the finished archive: the entries, the central directory and the end record.</summary>
    public byte[] ToArray()
    {
        using var output = new MemoryStream();
        output.Write(_body.WrittenSpan);
        long directoryStart = output.Position;
        Span<byte> record = stackalloc byte[46];
        foreach (var e in _entries)
        {
            record.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x02014B50);
            BinaryPrimitives.WriteUInt16LittleEndian(record[4..], Version20); // made by: MS-DOS, spec 2.0
            BinaryPrimitives.WriteUInt16LittleEndian(record[6..], Version20);
            BinaryPrimitives.WriteUInt16LittleEndian(record[8..], e.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(record[10..], e.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(record[12..], DosTimeMidnight);
            BinaryPrimitives.WriteUInt16LittleEndian(record[14..], DosDate1980);
            BinaryPrimitives.WriteUInt32LittleEndian(record[16..], e.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(record[20..], (uint)e.CompressedLength);
            BinaryPrimitives.WriteUInt32LittleEndian(record[24..], (uint)e.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(record[28..], (ushort)e.Name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[42..], (uint)e.Offset);
            output.Write(record);
            output.Write(e.Name);
        }
        long directorySize = output.Position - directoryStart;
        if (_entries.Count > ushort.MaxValue - 1)
            throw new InvalidOperationException($"{_entries.Count} entries would need ZIP64, which this writer does not produce.");

        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], checked((uint)directorySize));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], checked((uint)directoryStart));
        output.Write(end);
        return output.ToArray();
    }

    private static byte[] Deflate(ReadOnlySpan<byte> content)
    {
        using var buffer = new MemoryStream();
        using (var deflater = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            deflater.Write(content);
        return buffer.ToArray();
    }
}
