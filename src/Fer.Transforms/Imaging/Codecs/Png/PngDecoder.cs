using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Fer.Transforms.Imaging.Codecs.Png;

/// <summary>
/// Decodes PNG (ISO/IEC 15948) of every colour type and bit depth, interlaced or not, into 8-bit
/// grey (grey, grey+alpha) or RGB (RGB, RGBA, palette) images. Alpha and tRNS are dropped;
/// 16-bit samples keep their high byte; 1/2/4-bit grey is scaled to 0..255. Every chunk's CRC is
/// checked; chunk count and size are capped by <see cref="DecodeOptions"/>.
/// </summary>
internal static class PngDecoder
{
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Signature);

    private sealed class Header
    {
        public int Width;
        public int Height;
        public int BitDepth;
        public int ColorType;
        public bool Interlaced;
        public byte[]? Palette;

        public int SamplesPerPixel => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

        public int BitsPerPixel => SamplesPerPixel * BitDepth;

        public int OutputChannels => ColorType is 0 or 4 ? 1 : 3;

        public long RowBytes(int width) => ((long)width * BitsPerPixel + 7) / 8;
    }

    /// <exception cref="ImageFormatException">The data is corrupt, truncated, unsupported or over the caps.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, DecodeOptions options)
    {
        if (!HasSignature(data)) throw Error("missing PNG signature");
        Header? header = null;
        var idat = new List<(int Offset, int Length)>();
        long idatBytes = 0, chunkBytes = 0;
        int chunks = 0, pos = 8;
        bool ended = false;
        while (pos < data.Length)
        {
            if (++chunks > options.MaxPngChunks) throw Error($"more than {options.MaxPngChunks} chunks (DecodeOptions.MaxPngChunks)");
            if (pos + 12 > data.Length) throw Error($"truncated chunk header at byte {pos}");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            ReadOnlySpan<byte> type = data.Slice(pos + 4, 4);
            string name = ChunkName(type);
            if (length > int.MaxValue || pos + 12L + length > data.Length) throw Error($"chunk {name} of {length} bytes runs past the end of the data (truncated file?)");
            chunkBytes += length;
            if (chunkBytes > options.MaxPngChunkBytes) throw Error($"chunk data exceeds {options.MaxPngChunkBytes} bytes (DecodeOptions.MaxPngChunkBytes)");
            ReadOnlySpan<byte> body = data.Slice(pos + 8, (int)length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]);
            if (PngCrc32.Compute(data.Slice(pos + 4, 4 + (int)length)) != crc) throw Error($"CRC mismatch in chunk {name} at byte {pos} (corrupt file)");
            int chunkStart = pos;
            pos += 12 + (int)length;
            if (header is null && name != "IHDR") throw Error($"first chunk is {name}, expected IHDR");
            switch (name)
            {
                case "IHDR":
                    if (header is not null) throw Error("more than one IHDR chunk");
                    header = ReadHeader(body, options);
                    break;
                case "PLTE":
                    if (length % 3 != 0 || length == 0 || length > 768) throw Error($"PLTE chunk of {length} bytes (a multiple of 3 up to 768 expected)");
                    if (idat.Count > 0) throw Error("PLTE chunk after image data");
                    header!.Palette = body.ToArray();
                    break;
                case "IDAT":
                    idat.Add((chunkStart + 8, (int)length));
                    idatBytes += length;
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    if ((type[0] & 0x20) == 0) throw Error($"unknown critical chunk {name}");
                    break; // ancillary chunks (tRNS, gAMA, text...) are not needed for 8-bit grey/RGB output
            }
            if (ended) break;
        }
        if (header is null) throw Error("no IHDR chunk");
        if (idat.Count == 0) throw Error("no image data (IDAT chunk)");
        if (header.ColorType == 3 && header.Palette is null) throw Error("palette image without a PLTE chunk");

        long rawBytes = RawSize(header);
        // Deflate cannot expand data by more than about 1032:1: reject impossible claims before allocating the image.
        if (idatBytes * 1032 + 1024 < rawBytes || rawBytes > Array.MaxLength)
            throw Error($"{idatBytes} bytes of compressed data cannot hold a {header.Width}x{header.Height} image (truncated or crafted file)");

        byte[] compressed = new byte[idatBytes];
        int at = 0;
        foreach ((int offset, int len) in idat)
        {
            data.Slice(offset, len).CopyTo(compressed.AsSpan(at));
            at += len;
        }
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            return DecodePixels(header, zlib, rawBytes);
        }
        catch (InvalidDataException e)
        {
            throw new ImageFormatException($"PNG: corrupt compressed image data ({e.Message}).", e);
        }
        catch (EndOfStreamException e)
        {
            throw new ImageFormatException("PNG: compressed image data ends early (truncated or corrupt file).", e);
        }
        catch (IOException e)
        {
            // zlib reports some corrupt streams as ZLibException, an IOException (the source is in memory).
            throw new ImageFormatException($"PNG: corrupt compressed image data ({e.Message}).", e);
        }
    }

    private static Header ReadHeader(ReadOnlySpan<byte> body, DecodeOptions options)
    {
        if (body.Length != 13) throw Error($"IHDR chunk of {body.Length} bytes (13 expected)");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8], color = body[9];
        bool valid = color switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!valid) throw Error($"invalid colour type {color} with bit depth {depth}");
        if (body[10] != 0 || body[11] != 0) throw Error($"unknown compression method {body[10]} or filter method {body[11]}");
        if (body[12] > 1) throw Error($"unknown interlace method {body[12]}");
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue) throw Error($"invalid dimensions {width}x{height}");
        var header = new Header { Width = (int)width, Height = (int)height, BitDepth = depth, ColorType = color, Interlaced = body[12] == 1 };
        options.CheckDimensions("PNG", width, height, header.OutputChannels);
        return header;
    }

    /// <summary>Bytes of filtered scanlines (filter byte included) the image data must inflate to.</summary>
    private static long RawSize(Header h)
    {
        if (!h.Interlaced) return h.Height * (1 + h.RowBytes(h.Width));
        long total = 0;
        foreach ((int x0, int y0, int dx, int dy) in Adam7)
        {
            long pw = (h.Width - x0 + dx - 1L) / dx, ph = (h.Height - y0 + dy - 1L) / dy;
            if (pw > 0 && ph > 0) total += ph * (1 + h.RowBytes((int)pw));
        }
        return total;
    }

    private static Image DecodePixels(Header h, Stream zlib, long rawBytes)
    {
        var image = new Image(h.Width, h.Height, h.OutputChannels);
        // One inflate call for all scanlines (a pooled buffer the size of the filtered data),
        // then unfiltering in place: each row's predecessor is the row before it in the buffer.
        byte[] raw = ArrayPool<byte>.Shared.Rent((int)rawBytes);
        try
        {
            zlib.ReadExactly(raw.AsSpan(0, (int)rawBytes));
            int bpp = Math.Max(1, h.BitsPerPixel / 8);
            int maxRow = (int)h.RowBytes(h.Width);
            byte[] zero = new byte[maxRow];
            if (!h.Interlaced)
            {
                int at = 0;
                for (int y = 0; y < h.Height; y++)
                {
                    Span<byte> row = raw.AsSpan(at + 1, maxRow);
                    ReadOnlySpan<byte> previous = y == 0 ? zero : raw.AsSpan(at + 1 - (maxRow + 1), maxRow);
                    PngFilters.Unfilter(raw[at], row, previous, bpp);
                    ConvertRow(h, row, h.Width, image.GetRow(y));
                    at += maxRow + 1;
                }
                return image;
            }
            int channels = h.OutputChannels;
            byte[] unpacked = new byte[h.Width * channels];
            int offset = 0;
            foreach ((int x0, int y0, int dx, int dy) in Adam7)
            {
                int pw = (h.Width - x0 + dx - 1) / dx, ph = (h.Height - y0 + dy - 1) / dy;
                if (pw <= 0 || ph <= 0) continue;
                int rowBytes = (int)h.RowBytes(pw);
                for (int py = 0; py < ph; py++)
                {
                    Span<byte> row = raw.AsSpan(offset + 1, rowBytes);
                    ReadOnlySpan<byte> previous = py == 0 ? zero : raw.AsSpan(offset + 1 - (rowBytes + 1), rowBytes);
                    PngFilters.Unfilter(raw[offset], row, previous, bpp);
                    ConvertRow(h, row, pw, unpacked);
                    Span<byte> dst = image.GetRow(y0 + py * dy);
                    for (int px = 0; px < pw; px++)
                    {
                        int d = (x0 + px * dx) * channels;
                        for (int c = 0; c < channels; c++) dst[d + c] = unpacked[px * channels + c];
                    }
                    offset += rowBytes + 1;
                }
            }
            return image;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>Converts one unfiltered scanline of <paramref name="width"/> pixels to 8-bit grey or RGB.</summary>
    private static void ConvertRow(Header h, ReadOnlySpan<byte> row, int width, Span<byte> dst)
    {
        int depth = h.BitDepth;
        switch (h.ColorType)
        {
            case 0 when depth == 8:
                row[..width].CopyTo(dst);
                break;
            case 0 when depth == 16:
                for (int x = 0; x < width; x++) dst[x] = row[2 * x];
                break;
            case 0:
                {
                    int scale = 255 / ((1 << depth) - 1);
                    for (int x = 0; x < width; x++) dst[x] = (byte)(Sample(row, x, depth) * scale);
                    break;
                }
            case 3:
                {
                    byte[] palette = h.Palette!;
                    for (int x = 0; x < width; x++)
                    {
                        int index = depth == 8 ? row[x] : Sample(row, x, depth);
                        // Out-of-range indices show as black, as common decoders do.
                        if (3 * index + 2 < palette.Length)
                        {
                            dst[3 * x] = palette[3 * index];
                            dst[3 * x + 1] = palette[3 * index + 1];
                            dst[3 * x + 2] = palette[3 * index + 2];
                        }
                        else
                        {
                            dst.Slice(3 * x, 3).Clear();
                        }
                    }
                    break;
                }
            default:
                {
                    // Grey+alpha (4), RGB (2), RGBA (6) at 8 or 16 bits: keep the colour samples' high bytes.
                    int bytesPerSample = depth / 8, samples = h.SamplesPerPixel, keep = h.OutputChannels;
                    int pixelBytes = samples * bytesPerSample;
                    for (int x = 0; x < width; x++)
                        for (int c = 0; c < keep; c++)
                            dst[x * keep + c] = row[x * pixelBytes + c * bytesPerSample];
                    break;
                }
        }
    }

    private static int Sample(ReadOnlySpan<byte> row, int x, int depth)
    {
        int bit = x * depth;
        return (row[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
    }

    private static string ChunkName(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++) chars[i] = type[i] is >= 0x41 and <= 0x7A ? (char)type[i] : '?';
        return new string(chars);
    }

    private static ImageFormatException Error(string what) => new($"PNG: {what}.");
}
