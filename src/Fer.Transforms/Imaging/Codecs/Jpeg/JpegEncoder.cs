
namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// Writes baseline (sequential, Huffman) JFIF JPEGs: grey images as one component, RGB images as
/// YCbCr (BT.601 full range) with 4:2:0 or 4:4:4 chroma, the Annex K tables scaled by quality the
/// way libjpeg's <c>jpeg_quality_scaling</c> does, and the Annex K Huffman tables.
/// </summary>
internal static class JpegEncoder
{
    private sealed class HuffmanCodes
    {
        public readonly ushort[] Code = new ushort[256];
        public readonly byte[] Size = new byte[256];

        public HuffmanCodes(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
        {
            int next = 0, k = 0;
            for (int length = 1; length <= 16; length++)
            {
                for (int i = 0; i < counts[length - 1]; i++, k++)
                {
                    Code[symbols[k]] = (ushort)next++;
                    Size[symbols[k]] = (byte)length;
                }
                next <<= 1;
            }
        }
    }

    private static readonly HuffmanCodes DcLuma = new(JpegTables.DcLuminanceCounts, JpegTables.DcLuminanceSymbols);
    private static readonly HuffmanCodes AcLuma = new(JpegTables.AcLuminanceCounts, JpegTables.AcLuminanceSymbols);
    private static readonly HuffmanCodes DcChroma = new(JpegTables.DcChrominanceCounts, JpegTables.DcChrominanceSymbols);
    private static readonly HuffmanCodes AcChroma = new(JpegTables.AcChrominanceCounts, JpegTables.AcChrominanceSymbols);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is outside [1, 100].</exception>
    public static byte[] Encode(Image image, int quality, JpegSubsampling subsampling)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (image.Width > 65535 || image.Height > 65535)
            throw new ArgumentException($"JPEG cannot hold a {image.Width}x{image.Height} image (65535 at most per side).", nameof(image));
        bool color = image.Channels == 3;
        int factor = color && subsampling == JpegSubsampling.Yuv420 ? 2 : 1;
        byte[] lumaQuant = ScaleTable(JpegTables.LuminanceQuant, quality);
        byte[] chromaQuant = ScaleTable(JpegTables.ChrominanceQuant, quality);

        var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        WriteSegment(output, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        WriteQuant(output, 0, lumaQuant);
        if (color) WriteQuant(output, 1, chromaQuant);

        int count = color ? 3 : 1;
        var sof = new List<byte> { 8, (byte)(image.Height >> 8), (byte)image.Height, (byte)(image.Width >> 8), (byte)image.Width, (byte)count };
        sof.AddRange([1, (byte)((factor << 4) | factor), 0]);
        if (color) sof.AddRange([2, 0x11, 1, 3, 0x11, 1]);
        WriteSegment(output, 0xC0, [.. sof]);
        WriteHuffman(output, 0x00, JpegTables.DcLuminanceCounts, JpegTables.DcLuminanceSymbols);
        WriteHuffman(output, 0x10, JpegTables.AcLuminanceCounts, JpegTables.AcLuminanceSymbols);
        if (color)
        {
            WriteHuffman(output, 0x01, JpegTables.DcChrominanceCounts, JpegTables.DcChrominanceSymbols);
            WriteHuffman(output, 0x11, JpegTables.AcChrominanceCounts, JpegTables.AcChrominanceSymbols);
        }
        WriteSegment(output, 0xDA, color ? [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0] : [1, 1, 0x00, 0, 63, 0]);

        (byte[][] planes, int planeWidth, int planeHeight) = ToPlanes(image, 8 * factor);
        var writer = new BitWriter(output);
        Span<float> samples = stackalloc float[64];
        Span<int> coef = stackalloc int[64];
        Span<int> predictors = stackalloc int[3];
        int mcuSize = 8 * factor;
        for (int my = 0; my < planeHeight; my += mcuSize)
        {
            for (int mx = 0; mx < planeWidth; mx += mcuSize)
            {
                for (int v = 0; v < factor; v++)
                    for (int h = 0; h < factor; h++)
                        EncodeBlock(writer, planes[0], planeWidth, mx + 8 * h, my + 8 * v, 1, lumaQuant, DcLuma, AcLuma, ref predictors[0], samples, coef);
                for (int c = 1; c < count; c++)
                    EncodeBlock(writer, planes[c], planeWidth, mx, my, factor, chromaQuant, DcChroma, AcChroma, ref predictors[c], samples, coef);
            }
        }
        writer.Flush();
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    /// <summary>libjpeg's quality scaling of a base table, clamped to 1..255 (baseline).</summary>
    internal static byte[] ScaleTable(ReadOnlySpan<byte> baseTable, int quality)
    {
        int scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
        var table = new byte[64];
        for (int i = 0; i < 64; i++) table[i] = (byte)Math.Clamp((baseTable[i] * scale + 50) / 100, 1, 255);
        return table;
    }

    /// <summary>Full-resolution Y (or grey), Cb, Cr planes, padded by edge replication to whole MCUs.</summary>
    private static (byte[][] Planes, int Width, int Height) ToPlanes(Image image, int mcu)
    {
        int w = image.Width, h = image.Height, c = image.Channels;
        int pw = (w + mcu - 1) / mcu * mcu, ph = (h + mcu - 1) / mcu * mcu;
        var planes = new byte[c][];
        for (int i = 0; i < c; i++) planes[i] = new byte[pw * ph];
        byte[] src = image.Pixels;
        for (int y = 0; y < ph; y++)
        {
            int sy = Math.Min(y, h - 1);
            for (int x = 0; x < pw; x++)
            {
                int s = (sy * w + Math.Min(x, w - 1)) * c, d = y * pw + x;
                if (c == 1)
                {
                    planes[0][d] = src[s];
                    continue;
                }
                int r = src[s], g = src[s + 1], b = src[s + 2];
                // JFIF YCbCr with 16 fraction bits, rounded.
                planes[0][d] = (byte)((19595 * r + 38470 * g + 7471 * b + 32768) >> 16);
                planes[1][d] = (byte)Math.Clamp((-11059 * r - 21709 * g + 32768 * b + (128 << 16) + 32767) >> 16, 0, 255);
                planes[2][d] = (byte)Math.Clamp((32768 * r - 27439 * g - 5329 * b + (128 << 16) + 32767) >> 16, 0, 255);
            }
        }
        return (planes, pw, ph);
    }

    /// <summary>Encodes the 8x8 block at (x, y); with <paramref name="factor"/> 2 each sample is the mean of a 2x2 area.</summary>
    private static void EncodeBlock(BitWriter writer, byte[] plane, int stride, int x, int y, int factor, byte[] quant,
        HuffmanCodes dc, HuffmanCodes ac, ref int predictor, Span<float> samples, Span<int> coef)
    {
        for (int r = 0; r < 8; r++)
        {
            for (int col = 0; col < 8; col++)
            {
                int sum = 0;
                for (int dy = 0; dy < factor; dy++)
                    for (int dx = 0; dx < factor; dx++)
                        sum += plane[(y + r * factor + dy) * stride + x + col * factor + dx];
                samples[r * 8 + col] = (float)sum / (factor * factor) - 128f;
            }
        }
        JpegForwardDct.TransformAndQuantize(samples, quant, coef);

        int diff = coef[0] - predictor;
        predictor = coef[0];
        int size = BitSize(diff);
        writer.Write(dc.Code[size], dc.Size[size]);
        if (size > 0) writer.Write(Magnitude(diff, size), size);

        ReadOnlySpan<byte> natural = JpegTables.NaturalOrder;
        int run = 0;
        for (int k = 1; k < 64; k++)
        {
            int value = coef[natural[k]];
            if (value == 0)
            {
                run++;
                continue;
            }
            while (run > 15)
            {
                writer.Write(ac.Code[0xF0], ac.Size[0xF0]);
                run -= 16;
            }
            size = BitSize(value);
            int symbol = (run << 4) | size;
            writer.Write(ac.Code[symbol], ac.Size[symbol]);
            writer.Write(Magnitude(value, size), size);
            run = 0;
        }
        if (run > 0) writer.Write(ac.Code[0x00], ac.Size[0x00]);
    }

    private static int BitSize(int value)
    {
        int a = Math.Abs(value);
        return a == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)a);
    }

    /// <summary>The low <paramref name="size"/> bits of a value; negative values as value - 1 (one's complement), per F.1.2.1.</summary>
    private static int Magnitude(int value, int size) => (value < 0 ? value - 1 : value) & ((1 << size) - 1);

    private static void WriteSegment(Stream s, byte marker, ReadOnlySpan<byte> body)
    {
        s.Write([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
        s.Write(body);
    }

    private static void WriteQuant(Stream s, int id, byte[] natural)
    {
        var body = new byte[65];
        body[0] = (byte)id;
        for (int k = 0; k < 64; k++) body[1 + k] = natural[JpegTables.NaturalOrder[k]];
        WriteSegment(s, 0xDB, body);
    }

    private static void WriteHuffman(Stream s, byte classAndId, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        WriteSegment(s, 0xC4, [classAndId, .. counts, .. symbols]);
    }

    /// <summary>Entropy-coded bits, MSB first, with a 0x00 stuffed after every 0xFF byte; padded with 1-bits.</summary>
    private sealed class BitWriter(Stream output)
    {
        private uint buffer;
        private int count;

        public void Write(int bits, int size)
        {
            buffer = (buffer << size) | (uint)(bits & ((1 << size) - 1));
            count += size;
            while (count >= 8)
            {
                byte b = (byte)(buffer >> (count - 8));
                output.WriteByte(b);
                if (b == 0xFF) output.WriteByte(0);
                count -= 8;
            }
        }

        public void Flush()
        {
            if (count > 0) Write(0x7F, 8 - count);
        }
    }
}
