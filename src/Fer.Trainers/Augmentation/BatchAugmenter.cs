using Fer.Tensors;
using Fer.Tensors.Random;
using Fer.Tensors.Threading;

namespace Fer.Trainers.Augmentation;

/// <summary>
/// Applies <see cref="AugmentationOptions"/> to a batch [B, C, H, W] in place of a copy: one
/// generator per sample is forked from the step's generator first, so results do not depend on the
/// thread count. Geometric changes (crop, resized crop, rotation, flip) are one inverse-mapped
/// bilinear resampling per sample; reflect padding fills borders.
/// </summary>
public static class BatchAugmenter
{
    /// <summary>A new tensor with each sample of <paramref name="batch"/> randomly changed.</summary>
    public static Tensor Apply(Tensor batch, AugmentationOptions options, Generator random)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        if (batch.Rank != 4) throw new ArgumentException($"Expected a batch [B, C, H, W]; got {Tensor.FormatShape(batch.Shape)}.", nameof(batch));
        if (!options.Enabled) return batch;
        int b = batch.Size(0), c = batch.Size(1), h = batch.Size(2), w = batch.Size(3);
        Tensor src = batch.IsContiguous ? batch : batch.Contiguous();
        // Inside a training step's TensorScope the result's storage comes from the pool and goes back when the step ends.
        Tensor dst = Tensor.Zeros(b, c, h, w);
        var generators = new Generator[b];
        for (int i = 0; i < b; i++) generators[i] = random.Fork();
        int per = c * h * w;
        Parallelism.For(b, 1, (s, e) =>
        {
            ReadOnlySpan<float> from = src.AsReadOnlySpan();
            Span<float> to = dst.AsSpan();
            for (int i = s; i < e; i++) Sample(from.Slice(i * per, per), to.Slice(i * per, per), c, h, w, options, generators[i]);
        });
        return dst;
    }

    /// <summary>
    /// One fixed view of each sample, the one pad-crop and flip give at offset (<paramref name="dx"/>,
    /// <paramref name="dy"/>): out[y, x] = in[y + dy, x' + dx] with x' = w - 1 - x when
    /// <paramref name="mirror"/> (else x), edges reflected. For test-time augmentation.
    /// </summary>
    public static Tensor Shift(Tensor batch, int dx, int dy, bool mirror)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Rank != 4) throw new ArgumentException($"Expected a batch [B, C, H, W]; got {Tensor.FormatShape(batch.Shape)}.", nameof(batch));
        int b = batch.Size(0), c = batch.Size(1), h = batch.Size(2), w = batch.Size(3);
        float[] src = batch.ToArray();
        var dst = new float[src.Length];
        int planeSize = h * w;
        for (int p = 0; p < b * c; p++)
        {
            ReadOnlySpan<float> plane = src.AsSpan(p * planeSize, planeSize);
            Span<float> outPlane = dst.AsSpan(p * planeSize, planeSize);
            for (int y = 0; y < h; y++)
            {
                int row = Reflect(y + dy, h) * w;
                for (int x = 0; x < w; x++) outPlane[y * w + x] = plane[row + Reflect((mirror ? w - 1 - x : x) + dx, w)];
            }
        }
        return Tensor.Wrap(dst, b, c, h, w);
    }

    private static void Sample(ReadOnlySpan<float> src, Span<float> dst, int c, int h, int w, AugmentationOptions o, Generator g)
    {
        // The output pixel (x, y) samples the source at A * (x, y, 1): compose crop, scale, rotation and flip.
        double cropW = w, cropH = h, cropX = 0, cropY = 0;
        if (o.ResizedCropMinScale < 1)
        {
            double area = w * h * g.NextUniform(o.ResizedCropMinScale, 1);
            double ratio = Math.Exp(g.NextUniform(Math.Log(3.0 / 4), Math.Log(4.0 / 3)));
            cropW = Math.Min(w, Math.Sqrt(area * ratio));
            cropH = Math.Min(h, Math.Sqrt(area / ratio));
            cropX = g.NextUniform(0, w - cropW);
            cropY = g.NextUniform(0, h - cropH);
        }
        if (o.PadCrop > 0)
        {
            cropX += g.NextInt(-o.PadCrop, o.PadCrop + 1);
            cropY += g.NextInt(-o.PadCrop, o.PadCrop + 1);
        }
        double angle = o.RotationDegrees > 0 ? g.NextUniform(-o.RotationDegrees, o.RotationDegrees) * Math.PI / 180 : 0;
        bool flip = o.HorizontalFlip > 0 && g.NextBernoulli(o.HorizontalFlip);
        double brightness = o.Brightness > 0 ? g.NextUniform(1 - o.Brightness, 1 + o.Brightness) : 1;
        double contrast = o.Contrast > 0 ? g.NextUniform(1 - o.Contrast, 1 + o.Contrast) : 1;

        double sx = cropW / w, sy = cropH / h;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        bool integerShiftOnly = angle == 0 && sx == 1 && sy == 1 && cropX == Math.Floor(cropX) && cropY == Math.Floor(cropY);
        for (int ch = 0; ch < c; ch++)
        {
            ReadOnlySpan<float> plane = src.Slice(ch * h * w, h * w);
            Span<float> outPlane = dst.Slice(ch * h * w, h * w);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double ox = flip ? w - 1 - x : x;
                    // Rotate about the centre, then scale into the crop window.
                    double rx = cos * (ox - cx) - sin * (y - cy) + cx;
                    double ry = sin * (ox - cx) + cos * (y - cy) + cy;
                    double px = cropX + (rx + 0.5) * sx - 0.5, py = cropY + (ry + 0.5) * sy - 0.5;
                    outPlane[y * w + x] = integerShiftOnly ? plane[Reflect((int)py, h) * w + Reflect((int)px, w)] : Bilinear(plane, w, h, px, py);
                }
            }
            if (brightness != 1 || contrast != 1)
            {
                float mean = 0;
                foreach (float v in outPlane) mean += v;
                mean /= outPlane.Length;
                for (int i = 0; i < outPlane.Length; i++)
                    outPlane[i] = (float)((mean + (outPlane[i] - mean) * contrast) * brightness);
            }
        }
    }

    private static float Bilinear(ReadOnlySpan<float> plane, int w, int h, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        float a = plane[Reflect(y0, h) * w + Reflect(x0, w)], b = plane[Reflect(y0, h) * w + Reflect(x0 + 1, w)];
        float c = plane[Reflect(y0 + 1, h) * w + Reflect(x0, w)], d = plane[Reflect(y0 + 1, h) * w + Reflect(x0 + 1, w)];
        return (float)((a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy);
    }

    /// <summary>Reflect padding (no edge repeat), folded until inside [0, n).</summary>
    private static int Reflect(int i, int n)
    {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i %= period;
        if (i < 0) i += period;
        return i < n ? i : period - i;
    }
}
