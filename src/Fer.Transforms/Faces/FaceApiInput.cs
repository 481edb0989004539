using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Threading;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Faces;

/// <summary>
/// face-api's input preparation (<c>NetInput.toBatchTensor</c> on image tensors, then mean
/// subtraction and division by 255): each image is zero-padded to a square of side max(W, H),
/// either at its right/bottom (detector) or centred with the smaller half before it (face
/// classifiers), then resized to size x size by TensorFlow's bilinear resize without
/// half-pixel centres or corner alignment (source coordinate = destination * side / size), in
/// floating point without rounding to bytes. Grey images are replicated to RGB.
/// </summary>
internal static class FaceApiInput
{
    /// <summary>Where the image lies on its padded square: the offset of its top-left pixel and the square's side.</summary>
    internal readonly record struct Placement(int OffsetX, int OffsetY, int Side);

    /// <summary>The padded square of an image of the given size.</summary>
    internal static Placement Place(int width, int height, bool centre)
    {
        int side = Math.Max(width, height);
        if (!centre) return new Placement(0, 0, side);
        // face-api appends round(diff / 2) and prepends the rest, so the smaller half comes first.
        int diff = side - Math.Min(width, height);
        int before = diff - (int)Math.Floor(diff * 0.5 + 0.5);
        return width < height ? new Placement(before, 0, side) : new Placement(0, before, side);
    }

    /// <summary>The batch [N, 3, size, size] of (pixel - mean[c]) / 255 for <paramref name="images"/>.</summary>
    internal static Tensor ToBatch(IReadOnlyList<Image> images, int size, bool centre, ReadOnlySpan<float> meanRgb)
        => Sample(images, size, centre, meanRgb.ToArray());

    /// <summary>The batch [N, 3, size, size] of resized pixel values (0..255) for <paramref name="images"/>, to be normalised by the network's plan.</summary>
    internal static Tensor ToPixels(IReadOnlyList<Image> images, int size, bool centre) => Sample(images, size, centre, null);

    /// <summary>(x - mean[c]) / 255 as x * scale + shift per channel, for <see cref="InferenceGraph.ScaleShift"/>.</summary>
    internal static (float[] Scale, float[] Shift) Normalisation(ReadOnlySpan<float> meanRgb)
        => ([1f / 255, 1f / 255, 1f / 255], [-meanRgb[0] / 255f, -meanRgb[1] / 255f, -meanRgb[2] / 255f]);

    private static Tensor Sample(IReadOnlyList<Image> images, int size, bool centre, float[]? mean)
    {
        int plane = size * size;
        var data = new float[checked(images.Count * 3 * plane)];
        Parallelism.For(images.Count, 1, (start, end) =>
        {
            for (int n = start; n < end; n++) Sample(images[n], size, centre, mean, data.AsSpan(n * 3 * plane, 3 * plane));
        });
        return Tensor.Wrap(data, images.Count, 3, size, size);
    }

    // mean null: the resized pixel value itself.
    private static void Sample(Image image, int size, bool centre, float[]? mean, Span<float> output)
    {
        Placement p = Place(image.Width, image.Height, centre);
        int plane = size * size;
        int channels = image.Channels;
        byte[] px = image.Pixels;
        int w = image.Width, h = image.Height;
        double ratio = (double)p.Side / size;
        // Per destination column and row: the two source indices (on the padded square) and the weight of the second.
        var x0 = new int[size];
        var x1 = new int[size];
        var fx = new double[size];
        for (int i = 0; i < size; i++) Taps(i, ratio, p.Side, out x0[i], out x1[i], out fx[i]);
        for (int y = 0; y < size; y++)
        {
            Taps(y, ratio, p.Side, out int y0, out int y1, out double fy);
            for (int x = 0; x < size; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int ch = channels == 1 ? 0 : c;
                    double tl = At(px, w, h, channels, x0[x] - p.OffsetX, y0 - p.OffsetY, ch);
                    double tr = At(px, w, h, channels, x1[x] - p.OffsetX, y0 - p.OffsetY, ch);
                    double bl = At(px, w, h, channels, x0[x] - p.OffsetX, y1 - p.OffsetY, ch);
                    double br = At(px, w, h, channels, x1[x] - p.OffsetX, y1 - p.OffsetY, ch);
                    double top = tl + (tr - tl) * fx[x];
                    double bottom = bl + (br - bl) * fx[x];
                    float value = (float)(top + (bottom - top) * fy);
                    output[c * plane + y * size + x] = mean is null ? value : (value - mean[c]) / 255f;
                }
            }
        }
    }

    private static void Taps(int destination, double ratio, int side, out int first, out int second, out double fraction)
    {
        double source = ratio * destination;
        first = Math.Max(0, (int)Math.Floor(source));
        fraction = source - first;
        second = Math.Min(side - 1, (int)Math.Ceiling(source));
    }

    // Outside the image but inside the padded square is zero padding.
    private static double At(byte[] px, int w, int h, int channels, int x, int y, int c)
        => (uint)x < (uint)w && (uint)y < (uint)h ? px[(y * w + x) * channels + c] : 0.0;
}
