using System.Buffers.Binary;
using System.Text;

namespace Fer.MLNet.Persistence.Zip;

/// <summary>One file entry of the central directory, with where its data lies in the archive.</summary>
internal readonly record struct ZipEntryRecord(
    string Name, ushort Method, uint Crc, long CompressedSize, long UncompressedSize, long DataStart);

/// <summary>
/// Parses the end-of-central-directory record, the central directory and the local headers of an
/// archive held in memory. Everything is bounds-checked against the bytes present; ZIP64,
/// multi-disk archives, encryption and methods other than stored/deflate are refused; entries whose
/// data overlap (a known zip-bomb construction) are refused.
/// </summary>
internal static class ZipDirectoryParser
{
    private const uint EndOfDirectorySignature = 0x06054B50;
    private const uint Zip64LocatorSignature = 0x07064B50;
    private const uint DirectorySignature = 0x02014B50;
    private const uint LocalSignature = 0x04034B50;
    private const int EndOfDirectorySize = 22;
    private const int DirectoryRecordSize = 46;
    private const int LocalHeaderSize = 30;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns the file entries to inflate, in archive order (folder and skipped entries left out).</summary>
    public static List<ZipEntryRecord> Parse(ReadOnlySpan<byte> zip, string source, SafeZipReaderOptions options)
    {
        int eocd = FindEndOfDirectory(zip, source);
        ushort disk = U16(zip, eocd + 4), directoryDisk = U16(zip, eocd + 6);
        ushort entriesOnDisk = U16(zip, eocd + 8), totalEntries = U16(zip, eocd + 10);
        uint directorySize = U32(zip, eocd + 12), directoryOffset = U32(zip, eocd + 16);

        if (totalEntries == 0xFFFF || directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF
            || (eocd >= 20 && U32(zip, eocd - 20) == Zip64LocatorSignature))
            throw Bad("ZIP64 archives are not supported.", source);
        if (disk != 0 || directoryDisk != 0 || entriesOnDisk != totalEntries)
            throw Bad("multi-disk (spanned) archives are not supported.", source);
        if (totalEntries > options.MaxEntryCount)
            throw Bad($"too many entries: the archive declares {totalEntries}, at most {options.MaxEntryCount} are allowed.", source);
        if ((long)directoryOffset + directorySize != eocd)
            throw Bad($"the central directory ({directorySize} bytes at offset {directoryOffset}) does not end where the end record starts ({eocd}): the archive is truncated or corrupt.", source);

        var kept = new List<ZipEntryRecord>(totalEntries);
        var ranges = new List<(long Start, long End, string Name)>(totalEntries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int pos = (int)directoryOffset;
        for (int i = 0; i < totalEntries; i++)
        {
            if (eocd - pos < DirectoryRecordSize || U32(zip, pos) != DirectorySignature)
                throw Bad($"central directory record {i} of {totalEntries} is missing or corrupt (offset {pos}).", source);
            ushort flags = U16(zip, pos + 8), method = U16(zip, pos + 10);
            uint crc = U32(zip, pos + 16), compressed = U32(zip, pos + 20), uncompressed = U32(zip, pos + 24);
            int nameLength = U16(zip, pos + 28), extraLength = U16(zip, pos + 30), commentLength = U16(zip, pos + 32);
            uint localOffset = U32(zip, pos + 42);
            int recordEnd = pos + DirectoryRecordSize + nameLength + extraLength + commentLength;
            if (recordEnd > eocd)
                throw Bad($"central directory record {i} runs past the end of the directory.", source);
            ReadOnlySpan<byte> rawName = zip.Slice(pos + DirectoryRecordSize, nameLength);
            string name = DecodeName(rawName, source, i);
            pos = recordEnd;

            if (!ZipEntryNames.TryNormalize(name, out string normalized, out string problem))
                throw Bad(problem + ".", source, name);
            if (compressed == 0xFFFFFFFF || uncompressed == 0xFFFFFFFF || localOffset == 0xFFFFFFFF)
                throw Bad("ZIP64 entries are not supported.", source, normalized);
            if ((flags & 0x41) != 0)
                throw Bad("encrypted entries are not supported.", source, normalized);
            if (method != 0 && method != 8)
                throw Bad($"compression method {method} is not supported (only stored 0 and deflate 8).", source, normalized);

            long dataStart = LocateData(zip, localOffset, rawName, method, directoryOffset, source, normalized);
            long dataEnd = dataStart + compressed;
            if (dataEnd > directoryOffset)
                throw Bad($"the entry's data ({compressed} bytes at offset {dataStart}) runs past the central directory: the archive is truncated or corrupt.", source, normalized);
            ranges.Add((localOffset, dataEnd, normalized));

            if (normalized[^1] == '/')
            {
                if (uncompressed != 0 || compressed > 2)
                    throw Bad($"folder entry has {uncompressed} bytes of content.", source, normalized);
                continue;
            }
            if (!seen.Add(normalized))
                throw Bad("duplicate entry name (after normalising '\\' to '/').", source, normalized);
            if (options.EntryFilter is { } filter && !filter(normalized))
            {
                if (options.SkipUnlistedEntries) continue;
                throw Bad("the entry is not one this loader accepts.", source, normalized);
            }
            kept.Add(new ZipEntryRecord(normalized, method, crc, compressed, uncompressed, dataStart));
        }
        if (pos != eocd)
            throw Bad($"the central directory holds {eocd - pos} bytes after its {totalEntries} declared records.", source);

        CheckNoOverlap(ranges, source);
        return kept;
    }

    private static int FindEndOfDirectory(ReadOnlySpan<byte> zip, string source)
    {
        if (zip.Length < EndOfDirectorySize)
            throw Bad($"not a zip archive: {zip.Length} bytes, shorter than an empty archive (22 bytes).", source);
        int lowest = Math.Max(0, zip.Length - EndOfDirectorySize - ushort.MaxValue);
        for (int p = zip.Length - EndOfDirectorySize; p >= lowest; p--)
        {
            if (U32(zip, p) == EndOfDirectorySignature && p + EndOfDirectorySize + U16(zip, p + 20) == zip.Length)
                return p;
        }
        throw Bad("not a zip archive, or truncated: no end-of-central-directory record at its end.", source);
    }

    private static long LocateData(ReadOnlySpan<byte> zip, uint localOffset, ReadOnlySpan<byte> rawName,
        ushort method, uint directoryOffset, string source, string name)
    {
        if ((long)localOffset + LocalHeaderSize > directoryOffset || U32(zip, (int)localOffset) != LocalSignature)
            throw Bad($"no local header at offset {localOffset}: the archive is truncated or corrupt.", source, name);
        int at = (int)localOffset;
        ushort localMethod = U16(zip, at + 8);
        int nameLength = U16(zip, at + 26), extraLength = U16(zip, at + 28);
        long dataStart = (long)at + LocalHeaderSize + nameLength + extraLength;
        if (dataStart > directoryOffset)
            throw Bad("the local header runs past the central directory: the archive is truncated or corrupt.", source, name);
        if (!zip.Slice(at + LocalHeaderSize, nameLength).SequenceEqual(rawName))
            throw Bad("the local header names a different entry than the central directory.", source, name);
        if (localMethod != method)
            throw Bad($"the local header says compression method {localMethod}, the central directory {method}.", source, name);
        return dataStart;
    }

    private static void CheckNoOverlap(List<(long Start, long End, string Name)> ranges, string source)
    {
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (int i = 1; i < ranges.Count; i++)
        {
            if (ranges[i].Start < ranges[i - 1].End)
                throw Bad($"the entry's data overlaps entry '{ranges[i - 1].Name}' (overlapping entries are refused).", source, ranges[i].Name);
        }
    }

    private static string DecodeName(ReadOnlySpan<byte> raw, string source, int index)
    {
        try
        {
            return StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ModelFormatException($"the name of entry {index} is not valid UTF-8.", source, null, ex);
        }
    }

    private static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(at, 2));

    private static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at, 4));

    private static ModelFormatException Bad(string detail, string source, string? entry = null) => new(detail, source, entry);
}
