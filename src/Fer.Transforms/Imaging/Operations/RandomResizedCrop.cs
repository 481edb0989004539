using Fer.Tensors.Random;
using System.Drawing;

namespace Fer.Transforms.Imaging;

/// <summary>torchvision's RandomResizedCrop: a random area and aspect ratio, cropped and resized.</summary>
public static class RandomResizedCrop
{
    /// <summary>
    /// Draws the crop rectangle the way torchvision does: up to 10 tries of an area fraction uniform in
    /// [<paramref name="minScale"/>, <paramref name="maxScale"/>] and a log-uniform aspect ratio (w/h) in
    /// [<paramref name="minRatio"/>, <paramref name="maxRatio"/>]; if none fits, a centre crop with the
    /// ratio clamped to the range.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A range is empty, negative or not finite.</exception>
    public static Rectangle SampleRegion(int width, int height, Generator random,
        double minScale = 0.08, double maxScale = 1.0, double minRatio = 3.0 / 4.0, double maxRatio = 4.0 / 3.0)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(minScale), $"scale range [{minScale}, {maxScale}] must satisfy 0 < min <= max <= 1.");
        if (!(minRatio > 0 && minRatio <= maxRatio && double.IsFinite(maxRatio)))
            throw new ArgumentOutOfRangeException(nameof(minRatio), $"ratio range [{minRatio}, {maxRatio}] must satisfy 0 < min <= max.");
        double area = (double)width * height;
        double logMin = Math.Log(minRatio), logMax = Math.Log(maxRatio);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * random.NextUniform(minScale, maxScale);
            double ratio = Math.Exp(random.NextUniform(logMin, logMax));
            int w = (int)Math.Round(Math.Sqrt(target * ratio), MidpointRounding.ToEven);
            int h = (int)Math.Round(Math.Sqrt(target / ratio), MidpointRounding.ToEven);
            if (w > 0 && h > 0 && w <= width && h <= height)
            {
                int y = random.NextInt(height - h + 1);
                int x = random.NextInt(width - w + 1);
                return new Rectangle(x, y, w, h);
            }
        }
        // Fallback: the whole image cut to the nearest allowed ratio, centred.
        double inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < minRatio) ch = (int)Math.Round(cw / minRatio, MidpointRounding.ToEven);
        else if (inRatio > maxRatio) cw = (int)Math.Round(ch * maxRatio, MidpointRounding.ToEven);
        cw = Math.Clamp(cw, 1, width);
        ch = Math.Clamp(ch, 1, height);
        return new Rectangle((width - cw) / 2, (height - ch) / 2, cw, ch);
    }

    /// <summary>Crops a region drawn by <see cref="SampleRegion"/> and resizes it to <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static Image Apply(Image image, int width, int height, Generator random,
        double minScale = 0.08, double maxScale = 1.0, double minRatio = 3.0 / 4.0, double maxRatio = 4.0 / 3.0,
        ResizeMode mode = ResizeMode.Bilinear)
    {
        ArgumentNullException.ThrowIfNull(image);
        Rectangle region = SampleRegion(image.Width, image.Height, random, minScale, maxScale, minRatio, maxRatio);
        return image.Crop(region).Resize(width, height, mode);
    }
}
