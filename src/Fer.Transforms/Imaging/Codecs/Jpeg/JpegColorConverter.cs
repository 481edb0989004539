namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// Turns decoded component planes into an interleaved image the way libjpeg-turbo does by default:
/// "fancy" (triangular) upsampling of subsampled chroma (h2v1, h1v2, h2v2, with libjpeg's rounding
/// biases and edge replication; plain replication when a component is at most 2 samples wide)
/// and its fixed-point YCbCr to RGB conversion (16 fraction bits, ITU-R BT.601 full range).
/// </summary>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    private static readonly int[] CrToR = new int[256];
    private static readonly int[] CbToB = new int[256];
    private static readonly int[] CrToG = new int[256];
    private static readonly int[] CbToG = new int[256];

#pragma warning disable CA1810 // the tables are filled once, in one loop
    static JpegColorConverter()
    {
        static int Fix(double x) => (int)(x * (1 << ScaleBits) + 0.5);
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            CrToR[i] = (Fix(1.40200) * x + OneHalf) >> ScaleBits;
            CbToB[i] = (Fix(1.77200) * x + OneHalf) >> ScaleBits;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = -Fix(0.34414) * x + OneHalf;
        }
    }
#pragma warning restore CA1810

    public static Image Convert(JpegDecoder frame, JpegComponent[] components, bool rgb)
    {
        int width = frame.Width, height = frame.Height;
        if (components.Length == 1)
        {
            JpegComponent c = components[0];
            var grey = new Image(width, height, 1);
            for (int y = 0; y < height; y++)
                c.Plane.AsSpan(y * c.Stride, width).CopyTo(grey.Pixels.AsSpan(y * width, width));
            return grey;
        }

        var image = new Image(width, height, 3);
        int rowLength = 0;
        foreach (JpegComponent c in components) rowLength = Math.Max(rowLength, c.Width * 2 + 2);
        byte[][] rows = [new byte[rowLength], new byte[rowLength], new byte[rowLength]];
        Span<byte> output = image.Pixels;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> c0 = Upsample(components[0], frame, y, rows[0]);
            ReadOnlySpan<byte> c1 = Upsample(components[1], frame, y, rows[1]);
            ReadOnlySpan<byte> c2 = Upsample(components[2], frame, y, rows[2]);
            Span<byte> dst = output.Slice(y * width * 3, width * 3);
            if (rgb) Interleave(c0, c1, c2, dst, width);
            else YCbCrToRgb(c0, c1, c2, dst, width);
        }
        return image;
    }

    /// <summary>Returns output row <paramref name="y"/> of component <paramref name="c"/> at full resolution.</summary>
    private static ReadOnlySpan<byte> Upsample(JpegComponent c, JpegDecoder frame, int y, byte[] temp)
    {
        int fx = frame.MaxH / c.H, fy = frame.MaxV / c.V;
        byte[] plane = c.Plane;
        int stride = c.Stride, w = c.Width;
        if (fy == 1)
        {
            ReadOnlySpan<byte> row = plane.AsSpan(y * stride, w);
            if (fx == 1) return row;
            if (w > 2) UpsampleH2V1Fancy(row, temp, w);
            else Replicate(row, temp, w);
            return temp;
        }

        int yi = y >> 1;
        bool upper = (y & 1) == 0;
        int far = upper ? Math.Max(yi - 1, 0) : Math.Min(yi + 1, c.Height - 1);
        ReadOnlySpan<byte> near = plane.AsSpan(yi * stride, w);
        ReadOnlySpan<byte> other = plane.AsSpan(far * stride, w);
        if (fx == 1)
        {
            // h1v2: 3/4 nearer row + 1/4 further row, bias 1 for the upper output row and 2 for the lower.
            int bias = upper ? 1 : 2;
            for (int x = 0; x < w; x++) temp[x] = (byte)((near[x] * 3 + other[x] + bias) >> 2);
            return temp;
        }
        if (w <= 2)
        {
            Replicate(near, temp, w);
            return temp;
        }
        UpsampleH2V2Fancy(near, other, temp, w);
        return temp;
    }

    private static void Replicate(ReadOnlySpan<byte> row, Span<byte> dst, int w)
    {
        for (int x = 0; x < w; x++)
        {
            dst[2 * x] = row[x];
            dst[2 * x + 1] = row[x];
        }
    }

    /// <summary>Horizontal triangle filter: each output is 3/4 of the nearer input and 1/4 of the further.</summary>
    private static void UpsampleH2V1Fancy(ReadOnlySpan<byte> src, Span<byte> dst, int w)
    {
        int value = src[0];
        dst[0] = (byte)value;
        dst[1] = (byte)((value * 3 + src[1] + 2) >> 2);
        for (int x = 1; x < w - 1; x++)
        {
            value = src[x] * 3;
            dst[2 * x] = (byte)((value + src[x - 1] + 1) >> 2);
            dst[2 * x + 1] = (byte)((value + src[x + 1] + 2) >> 2);
        }
        value = src[w - 1];
        dst[2 * w - 2] = (byte)((value * 3 + src[w - 2] + 1) >> 2);
        dst[2 * w - 1] = (byte)value;
    }

    /// <summary>2-D triangle filter: column sums 3*near + far, then the horizontal 3:1 weights, /16.</summary>
    private static void UpsampleH2V2Fancy(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> dst, int w)
    {
        int thisSum = near[0] * 3 + far[0];
        int nextSum = near[1] * 3 + far[1];
        dst[0] = (byte)((thisSum * 4 + 8) >> 4);
        dst[1] = (byte)((thisSum * 3 + nextSum + 7) >> 4);
        int lastSum = thisSum;
        thisSum = nextSum;
        for (int x = 1; x < w - 1; x++)
        {
            nextSum = near[x + 1] * 3 + far[x + 1];
            dst[2 * x] = (byte)((thisSum * 3 + lastSum + 8) >> 4);
            dst[2 * x + 1] = (byte)((thisSum * 3 + nextSum + 7) >> 4);
            lastSum = thisSum;
            thisSum = nextSum;
        }
        dst[2 * w - 2] = (byte)((thisSum * 3 + lastSum + 8) >> 4);
        dst[2 * w - 1] = (byte)((thisSum * 4 + 7) >> 4);
    }

    private static void YCbCrToRgb(ReadOnlySpan<byte> yRow, ReadOnlySpan<byte> cbRow, ReadOnlySpan<byte> crRow, Span<byte> dst, int width)
    {
        int[] crToR = CrToR, cbToB = CbToB, crToG = CrToG, cbToG = CbToG;
        yRow = yRow[..width];
        cbRow = cbRow[..width];
        crRow = crRow[..width];
        dst = dst[..(width * 3)];
        for (int x = 0; x < yRow.Length; x++)
        {
            int y = yRow[x], cb = cbRow[x], cr = crRow[x];
            dst[3 * x] = Clamp(y + crToR[cr]);
            dst[3 * x + 1] = Clamp(y + ((cbToG[cb] + crToG[cr]) >> ScaleBits));
            dst[3 * x + 2] = Clamp(y + cbToB[cb]);
        }
    }

    private static void Interleave(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> dst, int width)
    {
        for (int x = 0; x < width; x++)
        {
            dst[3 * x] = r[x];
            dst[3 * x + 1] = g[x];
            dst[3 * x + 2] = b[x];
        }
    }

    private static byte Clamp(int v) => (uint)v <= 255 ? (byte)v : v < 0 ? (byte)0 : (byte)255;
}
