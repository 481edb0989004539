using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Fer.MLNet.Persistence.Zip;

/// <summary>
/// Reads a zip archive fully into memory with caps (archive size, entry count, inflated bytes per
/// entry and in total, compression ratio) and strict entry names, for every model loader in the
/// project. Inflation is bounded by the caps as it happens: sizes declared by the archive are
/// checked afterwards (with the CRC) but never used to size a buffer.
/// </summary>
/// <remarks>
/// Any problem with the archive gives a <see cref="ModelFormatException"/> naming the file and the
/// entry: truncated or corrupt data, a cap exceeded, a name that is absolute, has a drive letter or
/// ':', a '..' or '.' segment, NUL, or duplicates another after '\' is turned into '/'.
/// </remarks>
public static class SafeZipReader
{
    private const int Chunk = 81920;

    /// <summary>Reads the archive at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The archive is bad or over a cap.</exception>
    public static SafeZipArchive Read(string path, SafeZipReaderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= SafeZipReaderOptions.Default;
        options.Validate();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (file.Length > options.MaxArchiveBytes)
            throw new ModelFormatException($"the archive is {file.Length} bytes, over the cap of {options.MaxArchiveBytes}.", path, null);
        return Read(file, path, options);
    }

    /// <summary>Reads the archive from <paramref name="stream"/> (from its current position to its end).</summary>
    /// <param name="stream">A readable stream; it is read to its end and left open.</param>
    /// <param name="sourceName">A name for the archive in error messages (e.g. its path).</param>
    /// <param name="options">Caps and name rules; null for <see cref="SafeZipReaderOptions.Default"/>.</param>
    /// <exception cref="ModelFormatException">The archive is bad or over a cap.</exception>
    public static SafeZipArchive Read(Stream stream, string sourceName, SafeZipReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= SafeZipReaderOptions.Default;
        options.Validate();
        byte[] bytes = ReadBounded(stream, options.MaxArchiveBytes, out bool over);
        if (over)
            throw new ModelFormatException($"the archive is over the cap of {options.MaxArchiveBytes} bytes.", sourceName, null);
        return Read(bytes, sourceName, options);
    }

    /// <summary>Reads an archive already in memory.</summary>
    /// <param name="archive">The whole archive.</param>
    /// <param name="sourceName">A name for the archive in error messages.</param>
    /// <param name="options">Caps and name rules; null for <see cref="SafeZipReaderOptions.Default"/>.</param>
    /// <exception cref="ModelFormatException">The archive is bad or over a cap.</exception>
    public static SafeZipArchive Read(ReadOnlyMemory<byte> archive, string sourceName, SafeZipReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= SafeZipReaderOptions.Default;
        options.Validate();
        if (archive.Length > options.MaxArchiveBytes)
            throw new ModelFormatException($"the archive is {archive.Length} bytes, over the cap of {options.MaxArchiveBytes}.", sourceName, null);

        List<ZipEntryRecord> records = ZipDirectoryParser.Parse(archive.Span, sourceName, options);
        var names = new List<string>(records.Count);
        var entries = new Dictionary<string, byte[]>(records.Count, StringComparer.Ordinal);
        long total = 0;
        foreach (ZipEntryRecord record in records)
        {
            byte[] content = Inflate(archive, record, options, options.MaxTotalBytes - total, sourceName);
            total += content.Length;
            names.Add(record.Name);
            entries.Add(record.Name, content);
        }
        return new SafeZipArchive(sourceName, names, entries);
    }

    private static byte[] Inflate(ReadOnlyMemory<byte> archive, ZipEntryRecord e, SafeZipReaderOptions options, long totalLeft, string source)
    {
        // The tightest cap wins; its name goes in the message.
        long byRatio = Math.Max(options.RatioFreeBytes, (long)Math.Min(options.MaxCompressionRatio * e.CompressedSize, long.MaxValue / 2));
        (long limit, string cap) = (options.MaxEntryBytes, $"the per-entry cap of {options.MaxEntryBytes} bytes");
        if (totalLeft < limit) (limit, cap) = (totalLeft, $"the total cap of {options.MaxTotalBytes} bytes for all entries");
        if (e.Method == 8 && byRatio < limit) (limit, cap) = (byRatio, $"the compression-ratio cap of {options.MaxCompressionRatio} ({e.CompressedSize} bytes compressed)");

        if (e.UncompressedSize > limit)
            throw new ModelFormatException($"the entry declares {e.UncompressedSize} bytes, over {cap}.", source, e.Name);

        ReadOnlyMemory<byte> data = archive.Slice((int)e.DataStart, (int)e.CompressedSize);
        byte[] content;
        if (e.Method == 0)
        {
            if (e.CompressedSize != e.UncompressedSize)
                throw new ModelFormatException($"a stored entry with {e.CompressedSize} bytes of data declares {e.UncompressedSize} bytes.", source, e.Name);
            content = data.ToArray();
        }
        else
        {
            try
            {
                using var inflater = new DeflateStream(OpenRead(data), CompressionMode.Decompress);
                // The declared size is within the caps (checked above); stop one byte past it.
                content = ReadBounded(inflater, e.UncompressedSize, out bool over);
                if (over)
                    throw new ModelFormatException($"the entry inflates to more than the {e.UncompressedSize} bytes it declares: the archive is corrupt.", source, e.Name);
            }
            catch (InvalidDataException ex)
            {
                throw new ModelFormatException($"the entry's deflate data is corrupt: {ex.Message}", source, e.Name, ex);
            }
        }

        if (content.Length != e.UncompressedSize)
            throw new ModelFormatException($"the entry inflates to {content.Length} bytes but declares {e.UncompressedSize}: the archive is truncated or corrupt.", source, e.Name);
        uint crc = Crc32.Compute(content);
        if (crc != e.Crc)
            throw new ModelFormatException($"CRC-32 mismatch (computed 0x{crc:X8}, declared 0x{e.Crc:X8}): the entry is corrupt.", source, e.Name);
        return content;
    }

    private static MemoryStream OpenRead(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);

    /// <summary>
    /// Reads <paramref name="stream"/> to its end into a buffer that grows by doubling, but never past
    /// <paramref name="limit"/> + 1 bytes; <paramref name="over"/> tells whether the stream held more.
    /// </summary>
    internal static byte[] ReadBounded(Stream stream, long limit, out bool over)
    {
        over = false;
        byte[] buffer = new byte[(int)Math.Min(limit + 1, Chunk)];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit) { over = true; break; }
                long grown = Math.Min(Math.Max((long)length * 2, Chunk), limit + 1);
                Array.Resize(ref buffer, (int)grown);
            }
            int n = stream.Read(buffer, length, buffer.Length - length);
            if (n == 0) break;
            length += n;
        }
        if (length > limit) over = true;
        if (length != buffer.Length) Array.Resize(ref buffer, length);
        return buffer;
    }
}
