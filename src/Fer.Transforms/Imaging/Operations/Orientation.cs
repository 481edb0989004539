namespace Fer.Transforms.Imaging;

/// <summary>
/// Exact pixel rearrangements: flips, quarter turns and transposes (no interpolation).
/// Each returns a new image.
/// </summary>
public static class Orientation
{
    /// <summary>Mirrors left to right: out(x, y) = in(W-1-x, y).</summary>
    public static Image FlipHorizontal(this Image image) => Remap(image, false, (x, y, w, h) => (w - 1 - x, y));

    /// <summary>Mirrors top to bottom: out(x, y) = in(x, H-1-y).</summary>
    public static Image FlipVertical(this Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var result = new Image(image.Width, image.Height, image.Channels);
        for (int y = 0; y < image.Height; y++) image.GetRow(image.Height - 1 - y).CopyTo(result.GetRow(y));
        return result;
    }

    /// <summary>Turns the image 90 degrees clockwise (W x H becomes H x W): out(x, y) = in(y, H-1-x).</summary>
    public static Image Rotate90(this Image image) => Remap(image, true, (x, y, w, h) => (y, h - 1 - x));

    /// <summary>Turns the image 180 degrees: out(x, y) = in(W-1-x, H-1-y).</summary>
    public static Image Rotate180(this Image image) => Remap(image, false, (x, y, w, h) => (w - 1 - x, h - 1 - y));

    /// <summary>Turns the image 90 degrees counter-clockwise (270 clockwise): out(x, y) = in(W-1-y, x).</summary>
    public static Image Rotate270(this Image image) => Remap(image, true, (x, y, w, h) => (w - 1 - y, x));

    /// <summary>Mirrors across the main diagonal (W x H becomes H x W): out(x, y) = in(y, x).</summary>
    public static Image Transpose(this Image image) => Remap(image, true, (x, y, w, h) => (y, x));

    /// <summary>Mirrors across the anti-diagonal (W x H becomes H x W): out(x, y) = in(W-1-y, H-1-x).</summary>
    public static Image Transverse(this Image image) => Remap(image, true, (x, y, w, h) => (w - 1 - y, h - 1 - x));

    /// <summary>Builds the output by looking up, for each output pixel, the source pixel given by <paramref name="source"/>(x, y, W, H).</summary>
    private static Image Remap(Image image, bool swap, Func<int, int, int, int, (int X, int Y)> source)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height, c = image.Channels;
        int outW = swap ? h : w, outH = swap ? w : h;
        var result = new Image(outW, outH, c);
        byte[] src = image.Pixels, dst = result.Pixels;
        for (int y = 0; y < outH; y++)
        {
            // The source moves by a constant step along an output row: find it from two points.
            (int x0, int y0) = source(0, y, w, h);
            (int sx, int sy) = outW > 1 ? source(1, y, w, h) : (x0, y0);
            int step = ((sy - y0) * w + (sx - x0)) * c;
            int s = (y0 * w + x0) * c;
            int d = y * outW * c;
            if (c == 1)
            {
                for (int x = 0; x < outW; x++, s += step) dst[d + x] = src[s];
            }
            else
            {
                for (int x = 0; x < outW; x++, s += step, d += 3)
                {
                    dst[d] = src[s];
                    dst[d + 1] = src[s + 1];
                    dst[d + 2] = src[s + 2];
                }
            }
        }
        return result;
    }
}
