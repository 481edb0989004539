namespace Fer.Transforms.Imaging;

/// <summary>Resizing by nearest, bilinear or area interpolation (see <see cref="ResizeMode"/>).</summary>
public static class Resizing
{
    /// <summary>
    /// Returns the image resized to <paramref name="width"/> x <paramref name="height"/>. Bilinear and
    /// area are computed separably in single precision and rounded to the nearest level.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static Image Resize(this Image image, int width, int height, ResizeMode mode = ResizeMode.Bilinear)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (width == image.Width && height == image.Height) return image.Clone();
        return mode switch
        {
            ResizeMode.Nearest => Nearest(image, width, height),
            ResizeMode.Bilinear => Separable(image, width, height, BilinearTaps(image.Width, width), BilinearTaps(image.Height, height)),
            ResizeMode.Area => Separable(image, width, height, AreaTaps(image.Width, width), AreaTaps(image.Height, height)),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown resize mode"),
        };
    }

    /// <summary>Per output index: the first source index, and the weights of consecutive source indices.</summary>
    internal readonly record struct Taps(int[] Start, int[] Count, float[] Weights, int MaxCount);

    internal static Taps BilinearTaps(int source, int destination)
    {
        var start = new int[destination];
        var count = new int[destination];
        var weights = new float[destination * 2];
        double scale = (double)source / destination;
        for (int i = 0; i < destination; i++)
        {
            double s = (i + 0.5) * scale - 0.5;
            if (s < 0) s = 0;
            int s0 = (int)s;
            double frac = s - s0;
            if (s0 >= source - 1)
            {
                s0 = source - 1;
                frac = 0;
            }
            start[i] = s0;
            count[i] = frac == 0 ? 1 : 2;
            weights[2 * i] = (float)(1 - frac);
            weights[2 * i + 1] = (float)frac;
        }
        return new Taps(start, count, weights, 2);
    }

    internal static Taps AreaTaps(int source, int destination)
    {
        double scale = (double)source / destination;
        int max = (int)Math.Ceiling(scale) + 1;
        var start = new int[destination];
        var count = new int[destination];
        var weights = new float[destination * max];
        for (int i = 0; i < destination; i++)
        {
            double lo = i * scale, hi = Math.Min((i + 1) * scale, source);
            int first = (int)Math.Floor(lo);
            int last = Math.Min((int)Math.Ceiling(hi) - 1, source - 1);
            start[i] = first;
            count[i] = last - first + 1;
            double total = hi - lo;
            for (int k = first; k <= last; k++)
            {
                double overlap = Math.Min(hi, k + 1) - Math.Max(lo, k);
                weights[i * max + (k - first)] = (float)(overlap / total);
            }
        }
        return new Taps(start, count, weights, max);
    }

    private static Image Separable(Image image, int width, int height, Taps xt, Taps yt)
    {
        int c = image.Channels, sw = image.Width, sh = image.Height;
        // Horizontal pass over every source row into floats, then the vertical pass.
        var rows = new float[sh * width * c];
        byte[] src = image.Pixels;
        for (int y = 0; y < sh; y++)
        {
            int srow = y * sw * c, drow = y * width * c;
            for (int x = 0; x < width; x++)
            {
                int s0 = xt.Start[x], n = xt.Count[x], w0 = x * xt.MaxCount;
                for (int ch = 0; ch < c; ch++)
                {
                    float sum = 0;
                    for (int k = 0; k < n; k++) sum += xt.Weights[w0 + k] * src[srow + (s0 + k) * c + ch];
                    rows[drow + x * c + ch] = sum;
                }
            }
        }
        var result = new Image(width, height, c);
        byte[] dst = result.Pixels;
        int rowLength = width * c;
        for (int y = 0; y < height; y++)
        {
            int s0 = yt.Start[y], n = yt.Count[y], w0 = y * yt.MaxCount, drow = y * rowLength;
            for (int i = 0; i < rowLength; i++)
            {
                float sum = 0;
                for (int k = 0; k < n; k++) sum += yt.Weights[w0 + k] * rows[(s0 + k) * rowLength + i];
                dst[drow + i] = ToByte(sum);
            }
        }
        return result;
    }

    private static Image Nearest(Image image, int width, int height)
    {
        int c = image.Channels;
        var xs = new int[width];
        for (int x = 0; x < width; x++) xs[x] = Math.Min((int)((x + 0.5) * image.Width / width), image.Width - 1);
        var result = new Image(width, height, c);
        for (int y = 0; y < height; y++)
        {
            int sy = Math.Min((int)((y + 0.5) * image.Height / height), image.Height - 1);
            ReadOnlySpan<byte> srow = image.GetRow(sy);
            Span<byte> drow = result.GetRow(y);
            for (int x = 0; x < width; x++)
                for (int ch = 0; ch < c; ch++)
                    drow[x * c + ch] = srow[xs[x] * c + ch];
        }
        return result;
    }

    internal static byte ToByte(float v)
    {
        int i = (int)(v + 0.5f);
        return (byte)Math.Clamp(i, 0, 255);
    }
}
