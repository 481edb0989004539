namespace Fer.Transforms.Imaging;

/// <summary>Affine warps with bilinear sampling and a constant border, and rotation about the centre.</summary>
public static class AffineWarp
{
    /// <summary>
    /// Warps the image by <paramref name="sourceToDestination"/> (as OpenCV's warpAffine without
    /// WARP_INVERSE_MAP): output pixel p takes the bilinear sample of the source at M^-1 p. Source
    /// taps outside the image read <paramref name="fill"/> (BORDER_CONSTANT), so edges blend into it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An output size is below 1.</exception>
    /// <exception cref="InvalidOperationException">The matrix is singular.</exception>
    public static Image WarpAffine(this Image image, AffineMatrix sourceToDestination, int width, int height, byte fill = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        Span<byte> colour = stackalloc byte[image.Channels];
        colour.Fill(fill);
        return image.WarpAffine(sourceToDestination, width, height, colour);
    }

    /// <summary>As <see cref="WarpAffine(Image, AffineMatrix, int, int, byte)"/> with a per-channel border colour.</summary>
    /// <exception cref="ArgumentException"><paramref name="fill"/> does not have one value per channel.</exception>
    public static Image WarpAffine(this Image image, AffineMatrix sourceToDestination, int width, int height, ReadOnlySpan<byte> fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int c = image.Channels, sw = image.Width, sh = image.Height;
        Cropping.CheckColour(fill, c);
        AffineMatrix inv = sourceToDestination.Invert();
        var result = new Image(width, height, c);
        byte[] src = image.Pixels, dst = result.Pixels;
        Span<float> acc = stackalloc float[c];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                (double sx, double sy) = inv.Transform(x, y);
                int d = (y * width + x) * c;
                if (!(sx > -1 && sy > -1 && sx < sw && sy < sh))
                {
                    fill.CopyTo(dst.AsSpan(d, c));
                    continue;
                }
                int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
                float fx = (float)(sx - x0), fy = (float)(sy - y0);
                acc.Clear();
                for (int k = 0; k < 4; k++)
                {
                    int tx = x0 + (k & 1), ty = y0 + (k >> 1);
                    float w = ((k & 1) != 0 ? fx : 1 - fx) * ((k >> 1) != 0 ? fy : 1 - fy);
                    if (w == 0) continue;
                    bool inside = (uint)tx < (uint)sw && (uint)ty < (uint)sh;
                    int s = (ty * sw + tx) * c;
                    for (int ch = 0; ch < c; ch++) acc[ch] += w * (inside ? src[s + ch] : fill[ch]);
                }
                for (int ch = 0; ch < c; ch++) dst[d + ch] = Resizing.ToByte(acc[ch]);
            }
        }
        return result;
    }

    /// <summary>
    /// Rotates by <paramref name="degrees"/> counter-clockwise about the image centre ((W-1)/2, (H-1)/2),
    /// keeping the size (corners are cut, uncovered areas get <paramref name="fill"/>), as torchvision's
    /// rotate with expand=False but with bilinear sampling.
    /// </summary>
    public static Image Rotate(this Image image, double degrees, byte fill = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        AffineMatrix m = AffineMatrix.Rotation(degrees, (image.Width - 1) / 2.0, (image.Height - 1) / 2.0);
        return image.WarpAffine(m, image.Width, image.Height, fill);
    }
}
