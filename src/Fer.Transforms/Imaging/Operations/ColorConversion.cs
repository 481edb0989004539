namespace Fer.Transforms.Imaging;

/// <summary>Conversions between grey and RGB images.</summary>
public static class ColorConversion
{
    /// <summary>
    /// ITU-R BT.601 luma as PIL's <c>convert("L")</c> computes it:
    /// L = (19595 R + 38470 G + 7471 B + 32768) &gt;&gt; 16, i.e. 0.299 R + 0.587 G + 0.114 B rounded.
    /// A grey image is returned as a copy.
    /// </summary>
    public static Image ToGrey(this Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 1) return image.Clone();
        var result = new Image(image.Width, image.Height, 1);
        ReadOnlySpan<byte> src = image.Pixels;
        Span<byte> dst = result.Pixels;
        for (int i = 0; i < dst.Length; i++)
            dst[i] = Luma(src[3 * i], src[3 * i + 1], src[3 * i + 2]);
        return result;
    }

    /// <summary>Repeats the grey value in R, G and B. An RGB image is returned as a copy.</summary>
    public static Image ToRgb(this Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 3) return image.Clone();
        var result = new Image(image.Width, image.Height, 3);
        ReadOnlySpan<byte> src = image.Pixels;
        Span<byte> dst = result.Pixels;
        for (int i = 0; i < src.Length; i++)
        {
            byte v = src[i];
            dst[3 * i] = v;
            dst[3 * i + 1] = v;
            dst[3 * i + 2] = v;
        }
        return result;
    }

    internal static byte Luma(int r, int g, int b) => (byte)((19595 * r + 38470 * g + 7471 * b + 32768) >> 16);
}
