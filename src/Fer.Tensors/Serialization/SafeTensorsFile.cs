using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Fer.Tensors.Serialization;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8
/// JSON mapping names to {"dtype", "shape", "data_offsets": [begin, end]} (plus an optional
/// "__metadata__" string map), then the tensor bytes (offsets relative to the end of the header).
/// Reading treats the data as hostile and validates it as the reference loader does before any tensor
/// is allocated; every fault is a <see cref="SafeTensorsFormatException"/> naming the source, tensor
/// and field. Tensors are converted to float32 (see <see cref="SafeTensorsDType"/>).
/// </summary>
public static partial class SafeTensorsFile
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>Reads a safetensors file.</summary>
    /// <exception cref="SafeTensorsFormatException">The file is malformed, unsupported, or exceeds the limits in <paramref name="options"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SafeTensorsContent Read(string path, SafeTensorsReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return ReadCore(stream, path, options ?? SafeTensorsReadOptions.Default);
    }

    /// <summary>
    /// Reads safetensors data from the current position of <paramref name="stream"/> to its end. For a
    /// stream without a length (e.g. a zip entry) memory grows with the bytes actually read, never with
    /// the lengths the data claims; trailing bytes are still an error.
    /// </summary>
    /// <param name="stream">The data; not closed.</param>
    /// <param name="sourceName">A name for messages (e.g. the zip entry); "&lt;stream&gt;" by default.</param>
    /// <param name="options">Limits; defaults when null.</param>
    /// <exception cref="SafeTensorsFormatException">The data is malformed, truncated, unsupported, or over the limits.</exception>
    public static SafeTensorsContent Read(Stream stream, string? sourceName = null, SafeTensorsReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream is not readable.", nameof(stream));
        return ReadCore(stream, sourceName ?? "<stream>", options ?? SafeTensorsReadOptions.Default);
    }

    /// <summary>Reads safetensors data held in memory.</summary>
    /// <exception cref="SafeTensorsFormatException">The data is malformed, unsupported, or over the limits.</exception>
    public static SafeTensorsContent Read(byte[] data, string? sourceName = null, SafeTensorsReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream(data, writable: false);
        return ReadCore(stream, sourceName ?? "<bytes>", options ?? SafeTensorsReadOptions.Default);
    }

    private static SafeTensorsContent ReadCore(Stream stream, string source, SafeTensorsReadOptions options)
    {
        long? remaining = null;
        if (stream.CanSeek) remaining = Math.Max(0, stream.Length - stream.Position);

        Span<byte> prefix = stackalloc byte[8];
        int got = stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false);
        if (got < 8)
            throw new SafeTensorsFormatException(source, null, "header length", $"the data has {got} bytes; a safetensors file starts with an 8-byte header length.");
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > (ulong)options.MaxHeaderBytes)
            throw new SafeTensorsFormatException(source, null, "header length", $"{n} bytes is over the limit of {options.MaxHeaderBytes}.");
        if (remaining is { } total && n > (ulong)(total - 8))
            throw new SafeTensorsFormatException(source, null, "header length", $"{n} bytes, but only {total - 8} bytes follow the length field.");

        byte[] header = ReadBounded(stream, (long)n, source, null, "header");
        long? dataLength = remaining is { } all ? all - 8 - (long)n : null;
        SafeTensorsHeader parsed = SafeTensorsHeader.Parse(header, source, dataLength, options.MaxDataBytes);

        var tensors = new Dictionary<string, Tensor>(parsed.Entries.Count, StringComparer.Ordinal);
        var dtypes = new Dictionary<string, SafeTensorsDType>(parsed.Entries.Count, StringComparer.Ordinal);
        byte[]? chunk = null;
        foreach (SafeTensorsHeader.Entry e in parsed.Entries)
        {
            float[] values = dataLength is null
                ? ReadUnknownLength(stream, e, source)
                : ReadKnownLength(stream, e, source, ref chunk);
            tensors.Add(e.Name, Tensor.Wrap(values, e.Shape));
            dtypes.Add(e.Name, e.DType);
        }
        if (dataLength is null && stream.ReadByte() >= 0)
            throw new SafeTensorsFormatException(source, null, "data", $"trailing bytes after the last tensor (the header describes {parsed.DataLength} bytes).");
        return new SafeTensorsContent(tensors, dtypes, parsed.Metadata);
    }

    /// <summary>The stream's length was checked against the header, so the tensor can be allocated before its bytes arrive.</summary>
    private static float[] ReadKnownLength(Stream stream, SafeTensorsHeader.Entry e, string source, ref byte[]? chunk)
    {
        var values = new float[e.ElementCount];
        try
        {
            if (e.DType == SafeTensorsDType.F32 && BitConverter.IsLittleEndian)
            {
                stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            }
            else
            {
                int size = SafeTensorsDTypes.Size(e.DType);
                chunk ??= new byte[ChunkBytes];
                int perChunk = ChunkBytes / size;
                for (int start = 0; start < values.Length; start += perChunk)
                {
                    int count = Math.Min(perChunk, values.Length - start);
                    Span<byte> bytes = chunk.AsSpan(0, count * size);
                    stream.ReadExactly(bytes);
                    Convert(e, bytes, values.AsSpan(start, count), start, source);
                }
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new SafeTensorsFormatException(source, e.Name, "data", "the data ends before this tensor's bytes (truncated).", ex);
        }
        return values;
    }

    /// <summary>No length is known: buffer the bytes as they come (bounded by what is present), then allocate.</summary>
    private static float[] ReadUnknownLength(Stream stream, SafeTensorsHeader.Entry e, string source)
    {
        byte[] bytes = ReadBounded(stream, e.End - e.Begin, source, e.Name, "data");
        var values = new float[e.ElementCount];
        Convert(e, bytes, values, 0, source);
        return values;
    }

    private static void Convert(SafeTensorsHeader.Entry e, ReadOnlySpan<byte> bytes, Span<float> values, int firstIndex, string source)
    {
        int bad = SafeTensorsConvert.ToFloat(e.DType, bytes, values);
        if (bad >= 0)
            throw new SafeTensorsFormatException(source, e.Name, "data", $"BOOL element {firstIndex + bad} is {bytes[bad]}; expected 0 or 1.");
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes, growing the buffer only as data arrives.</summary>
    private static byte[] ReadBounded(Stream stream, long length, string source, string? tensor, string field)
    {
        if (length == 0) return [];
        if (length > Array.MaxLength)
            throw new SafeTensorsFormatException(source, tensor, field, $"{length} bytes is more than one buffer can hold; read such data from a file.");
        var buffer = new byte[(int)Math.Min(length, ChunkBytes)];
        int filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(length, (long)buffer.Length * 2));
            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
                throw new SafeTensorsFormatException(source, tensor, field, $"the data ends after {filled} of {length} bytes (truncated).");
            filled += read;
        }
        return buffer;
    }
}
