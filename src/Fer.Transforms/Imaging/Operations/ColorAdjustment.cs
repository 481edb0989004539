using Fer.Tensors.Random;
namespace Fer.Transforms.Imaging;

/// <summary>
/// Brightness, contrast and saturation changes as torchvision defines them (blends with black, the
/// mean grey level, and the per-pixel grey), computed in float and rounded to the nearest level.
/// </summary>
public static class ColorAdjustment
{
    /// <summary>Multiplies every sample by <paramref name="factor"/> (0 gives black, 1 the original).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The factor is negative or not finite.</exception>
    public static Image AdjustBrightness(this Image image, double factor)
    {
        CheckFactor(factor);
        return Map(image, (v, _, _) => factor * v);
    }

    /// <summary>Blends with the image's mean luma: mean + factor * (v - mean) (0 gives flat grey).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The factor is negative or not finite.</exception>
    public static Image AdjustContrast(this Image image, double factor)
    {
        CheckFactor(factor);
        ArgumentNullException.ThrowIfNull(image);
        double mean = 0;
        foreach (byte v in image.ToGrey().Pixels) mean += v;
        mean /= (double)image.Width * image.Height;
        return Map(image, (v, _, _) => mean + factor * (v - mean));
    }

    /// <summary>Blends each pixel with its own luma: grey + factor * (v - grey) (0 gives grey; grey images are unchanged).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The factor is negative or not finite.</exception>
    public static Image AdjustSaturation(this Image image, double factor)
    {
        CheckFactor(factor);
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 1) return image.Clone();
        return Map(image, (v, grey, _) => grey + factor * (v - grey));
    }

    /// <summary>
    /// torchvision's ColorJitter: each non-zero strength s draws a factor uniformly from
    /// [max(0, 1 - s), 1 + s], and the three adjustments run in a random order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A strength is negative or not finite.</exception>
    public static Image ColorJitter(this Image image, Generator random, double brightness = 0, double contrast = 0, double saturation = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        CheckFactor(brightness);
        CheckFactor(contrast);
        CheckFactor(saturation);
        Span<int> order = [0, 1, 2];
        random.Shuffle(order);
        Image result = image;
        foreach (int op in order)
        {
            double strength = op switch { 0 => brightness, 1 => contrast, _ => saturation };
            if (strength == 0) continue;
            double factor = random.NextUniform(Math.Max(0, 1 - strength), 1 + strength);
            result = op switch
            {
                0 => result.AdjustBrightness(factor),
                1 => result.AdjustContrast(factor),
                _ => result.AdjustSaturation(factor),
            };
        }
        return ReferenceEquals(result, image) ? image.Clone() : result;
    }

    private static void CheckFactor(double factor)
    {
        if (!(factor >= 0) || double.IsInfinity(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be finite and non-negative.");
    }

    /// <summary>Applies f(value, pixel luma, channel) to every sample, rounding and clamping.</summary>
    private static Image Map(Image image, Func<double, double, int, double> f)
    {
        ArgumentNullException.ThrowIfNull(image);
        int c = image.Channels;
        var result = new Image(image.Width, image.Height, c);
        byte[] src = image.Pixels, dst = result.Pixels;
        for (int i = 0; i < src.Length; i += c)
        {
            double grey = c == 1 ? src[i] : ColorConversion.Luma(src[i], src[i + 1], src[i + 2]);
            for (int ch = 0; ch < c; ch++)
                dst[i + ch] = (byte)Math.Clamp((int)Math.Round(f(src[i + ch], grey, ch), MidpointRounding.AwayFromZero), 0, 255);
        }
        return result;
    }
}
