using System.Drawing;

namespace Fer.Transforms.Imaging;

/// <summary>Cropping and constant-colour padding.</summary>
public static class Cropping
{
    /// <summary>
    /// Returns the <paramref name="width"/> x <paramref name="height"/> region whose top-left pixel is
    /// (<paramref name="x"/>, <paramref name="y"/>). With <paramref name="clamp"/> false the region must
    /// lie inside the image; with it true the region is first clipped to the image.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The region leaves the image (clamp false), is empty, or misses the image entirely.</exception>
    public static Image Crop(this Image image, int x, int y, int width, int height, bool clamp = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        long right = (long)x + width, bottom = (long)y + height;
        if (clamp)
        {
            int x0 = Math.Max(x, 0), y0 = Math.Max(y, 0);
            int x1 = (int)Math.Min(right, image.Width), y1 = (int)Math.Min(bottom, image.Height);
            if (x1 <= x0 || y1 <= y0)
                throw new ArgumentOutOfRangeException(nameof(x), $"crop ({x}, {y}, {width}x{height}) does not overlap the {image.Width}x{image.Height} image.");
            (x, y, width, height) = (x0, y0, x1 - x0, y1 - y0);
        }
        else if (x < 0 || y < 0 || right > image.Width || bottom > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"crop ({x}, {y}, {width}x{height}) leaves the {image.Width}x{image.Height} image; pass clamp: true to clip it.");
        }
        int c = image.Channels;
        var result = new Image(width, height, c);
        for (int r = 0; r < height; r++)
            image.Pixels.AsSpan(((y + r) * image.Width + x) * c, width * c).CopyTo(result.GetRow(r));
        return result;
    }

    /// <summary>Crops <paramref name="region"/>; see <see cref="Crop(Image, int, int, int, int, bool)"/>.</summary>
    public static Image Crop(this Image image, Rectangle region, bool clamp = false) =>
        image.Crop(region.X, region.Y, region.Width, region.Height, clamp);

    /// <summary>Adds borders of the given widths filled with <paramref name="fill"/> in every channel.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A border is negative.</exception>
    public static Image Pad(this Image image, int left, int top, int right, int bottom, byte fill = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        Span<byte> colour = stackalloc byte[image.Channels];
        colour.Fill(fill);
        return image.Pad(left, top, right, bottom, colour);
    }

    /// <summary>Adds borders filled with <paramref name="colour"/> (one value per channel).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A border is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="colour"/> does not have one value per channel.</exception>
    public static Image Pad(this Image image, int left, int top, int right, int bottom, ReadOnlySpan<byte> colour)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(right);
        ArgumentOutOfRangeException.ThrowIfNegative(bottom);
        int c = image.Channels;
        CheckColour(colour, c);
        var result = new Image(checked(image.Width + left + right), checked(image.Height + top + bottom), c);
        FillColour(result.Pixels, colour);
        for (int r = 0; r < image.Height; r++)
            image.GetRow(r).CopyTo(result.Pixels.AsSpan(((top + r) * result.Width + left) * c));
        return result;
    }

    /// <summary>
    /// Centres the image on a square canvas of side max(W, H) filled with <paramref name="fill"/>;
    /// an odd surplus goes to the right or bottom border.
    /// </summary>
    public static Image PadToSquare(this Image image, byte fill = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        int side = Math.Max(image.Width, image.Height);
        int dx = side - image.Width, dy = side - image.Height;
        return image.Pad(dx / 2, dy / 2, dx - dx / 2, dy - dy / 2, fill);
    }

    internal static void CheckColour(ReadOnlySpan<byte> colour, int channels)
    {
        if (colour.Length != channels)
            throw new ArgumentException($"fill colour has {colour.Length} values; the image has {channels} channel(s).", nameof(colour));
    }

    internal static void FillColour(Span<byte> pixels, ReadOnlySpan<byte> colour)
    {
        if (colour.Length == 1)
        {
            pixels.Fill(colour[0]);
            return;
        }
        for (int i = 0; i < pixels.Length; i += colour.Length) colour.CopyTo(pixels[i..]);
    }
}
