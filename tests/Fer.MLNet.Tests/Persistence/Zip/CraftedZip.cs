using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Fer.MLNet.Tests.Persistence.Zip;

/// <summary>
/// Builds raw zip archives for tests, with knobs a normal writer refuses: any entry name, declared
/// sizes and CRCs that lie, entries whose data overlap. Kept apart from the production writer so
/// reader tests do not depend on it.
/// </summary>
internal sealed class CraftedZip
{
    private readonly List<Entry> _entries = [];

    public sealed class Entry
    {
        public required string Name { get; init; }
        public required byte[] Content { get; init; }
        public bool Deflate { get; init; } = true;
        public long? DeclaredSize { get; init; }
        public uint? DeclaredCrc { get; init; }
        /// <summary>Points the directory record at this offset and writes no local record (to craft overlaps).</summary>
        public long? DirectoryOffset { get; init; }
    }

    public CraftedZip Add(string name, byte[] content, bool deflate = true) =>
        Add(new Entry { Name = name, Content = content, Deflate = deflate });

    public CraftedZip Add(Entry entry)
    {
        _entries.Add(entry);
        return this;
    }

    public static byte[] DeflateBytes(byte[] content)
    {
        using var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, CompressionLevel.Optimal, leaveOpen: true)) d.Write(content);
        return ms.ToArray();
    }

    public byte[] ToArray()
    {
        var body = new MemoryStream();
        var directory = new MemoryStream();
        foreach (Entry e in _entries)
        {
            byte[] name = Encoding.UTF8.GetBytes(e.Name);
            byte[] data = e.Deflate ? DeflateBytes(e.Content) : e.Content;
            uint crc = e.DeclaredCrc ?? Crc(e.Content);
            uint size = (uint)(e.DeclaredSize ?? e.Content.Length);
            ushort method = e.Deflate ? (ushort)8 : (ushort)0;
            long offset = e.DirectoryOffset ?? body.Position;
            if (e.DirectoryOffset is null)
            {
                body.Write(Header(0x04034B50, method, crc, (uint)data.Length, size, name, local: true, 0));
                body.Write(name);
                body.Write(data);
            }
            directory.Write(Header(0x02014B50, method, crc, (uint)data.Length, size, name, local: false, (uint)offset));
            directory.Write(name);
        }
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054B50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)directory.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)body.Length);
        body.Write(directory.ToArray());
        body.Write(end);
        return body.ToArray();
    }

    /// <summary>A stored local record (header, name, data) for <paramref name="name"/>.</summary>
    public static byte[] StoredLocalRecord(string name, byte[] content)
    {
        byte[] n = Encoding.UTF8.GetBytes(name);
        return [.. Header(0x04034B50, 0, Crc(content), (uint)content.Length, (uint)content.Length, n, local: true, 0), .. n, .. content];
    }

    private static byte[] Header(uint signature, ushort method, uint crc, uint compressed, uint size, byte[] name, bool local, uint offset)
    {
        var h = new byte[local ? 30 : 46];
        Span<byte> s = h;
        BinaryPrimitives.WriteUInt32LittleEndian(s, signature);
        int shift = local ? 0 : 2; // the directory record has "version made by" before the common fields
        BinaryPrimitives.WriteUInt16LittleEndian(s[(4 + shift)..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(8 + shift)..], method);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(14 + shift)..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(18 + shift)..], compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(22 + shift)..], size);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(26 + shift)..], (ushort)name.Length);
        if (!local) BinaryPrimitives.WriteUInt32LittleEndian(s[42..], offset);
        return h;
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }
}
