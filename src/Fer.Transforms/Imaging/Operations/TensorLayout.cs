namespace Fer.Transforms.Imaging;

/// <summary>Conversion of images to planar float data for networks.</summary>
public static class TensorLayout
{
    /// <summary>
    /// Writes the image as planar [C, H, W] floats, normalised per channel:
    /// destination[c, y, x] = (pixel * <paramref name="scale"/> - mean[c]) / std[c].
    /// </summary>
    /// <param name="image">The source image.</param>
    /// <param name="destination">Exactly Channels * Height * Width floats.</param>
    /// <param name="mean">One value per channel.</param>
    /// <param name="std">One non-zero value per channel.</param>
    /// <param name="scale">Multiplier applied to the 0..255 byte first (default 1/255).</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or a std is zero or not finite.</exception>
    public static void ToChw(this Image image, Span<float> destination, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, float scale = 1f / 255f)
    {
        ArgumentNullException.ThrowIfNull(image);
        int c = image.Channels, plane = image.Width * image.Height;
        if (destination.Length != c * plane)
            throw new ArgumentException($"destination holds {destination.Length} floats; a {image.Width}x{image.Height}x{c} image needs {c * plane} ([C, H, W]).", nameof(destination));
        if (mean.Length != c) throw new ArgumentException($"mean has {mean.Length} values; the image has {c} channel(s).", nameof(mean));
        if (std.Length != c) throw new ArgumentException($"std has {std.Length} values; the image has {c} channel(s).", nameof(std));
        byte[] src = image.Pixels;
        for (int ch = 0; ch < c; ch++)
        {
            if (std[ch] == 0 || !float.IsFinite(std[ch])) throw new ArgumentException($"std[{ch}] is {std[ch]}; it must be finite and non-zero.", nameof(std));
            // (p * scale - mean) / std as one multiply-add per sample.
            float a = scale / std[ch], b = -mean[ch] / std[ch];
            Span<float> dst = destination.Slice(ch * plane, plane);
            for (int i = 0; i < plane; i++) dst[i] = src[i * c + ch] * a + b;
        }
    }
}
