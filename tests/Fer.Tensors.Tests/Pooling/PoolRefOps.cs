using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Pooling;

/// <summary>Double-precision definitions of the pooling and resampling ops, written from PyTorch's documentation.</summary>
public static class PoolRefOps
{
    /// <summary>PyTorch's pooling output size (floor or ceil, dropping a last window that starts in the trailing padding).</summary>
    public static int OutSize(int size, int k, int s, int p, int d, bool ceil)
    {
        double raw = (size + 2.0 * p - d * (k - 1) - 1) / s;
        int o = (int)(ceil ? Math.Ceiling(raw) : Math.Floor(raw)) + 1;
        if (ceil && (o - 1) * s >= size + p) o--;
        return o;
    }

    public static RefTensor MaxPool(RefTensor x, (int H, int W) k, (int H, int W) s, (int H, int W) p, (int H, int W) d, bool ceil)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = OutSize(h, k.H, s.H, p.H, d.H, ceil), ow = OutSize(w, k.W, s.W, p.W, d.W, ceil);
        var y = new RefTensor(n, c, oh, ow);
        foreach (int[] i in RefOps.Indices(y.Shape))
        {
            double best = double.NegativeInfinity;
            for (int a = 0; a < k.H; a++)
                for (int b = 0; b < k.W; b++)
                {
                    int ih = i[2] * s.H - p.H + a * d.H, iw = i[3] * s.W - p.W + b * d.W;
                    if (ih >= 0 && ih < h && iw >= 0 && iw < w) best = Math.Max(best, x[i[0], i[1], ih, iw]);
                }
            y[i] = best;
        }
        return y;
    }

    public static RefTensor AvgPool(RefTensor x, (int H, int W) k, (int H, int W) s, (int H, int W) p, bool ceil, bool countIncludePad)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        int oh = OutSize(h, k.H, s.H, p.H, 1, ceil), ow = OutSize(w, k.W, s.W, p.W, 1, ceil);
        var y = new RefTensor(n, c, oh, ow);
        foreach (int[] i in RefOps.Indices(y.Shape))
        {
            double sum = 0;
            int inside = 0, padded = 0;
            for (int a = 0; a < k.H; a++)
                for (int b = 0; b < k.W; b++)
                {
                    int ih = i[2] * s.H - p.H + a, iw = i[3] * s.W - p.W + b;
                    // Taps in the zero padding count when count_include_pad; taps beyond it (ceil-mode overhang) never do.
                    if (ih < h + p.H && iw < w + p.W) padded++;
                    if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                    {
                        sum += x[i[0], i[1], ih, iw];
                        inside++;
                    }
                }
            y[i] = sum / (countIncludePad ? padded : inside);
        }
        return y;
    }

    public static RefTensor AdaptiveAvgPool(RefTensor x, int oh, int ow)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var y = new RefTensor(n, c, oh, ow);
        foreach (int[] i in RefOps.Indices(y.Shape))
        {
            int h0 = (int)Math.Floor(i[2] * (double)h / oh), h1 = (int)Math.Ceiling((i[2] + 1) * (double)h / oh);
            int w0 = (int)Math.Floor(i[3] * (double)w / ow), w1 = (int)Math.Ceiling((i[3] + 1) * (double)w / ow);
            double sum = 0;
            for (int a = h0; a < h1; a++)
                for (int b = w0; b < w1; b++) sum += x[i[0], i[1], a, b];
            y[i] = sum / ((h1 - h0) * (w1 - w0));
        }
        return y;
    }

    /// <summary>Nearest: src = floor(dst * in / out) for a size, floor(dst / scale) for a scale factor.</summary>
    public static RefTensor Nearest(RefTensor x, int oh, int ow, double scaleH = 0, double scaleW = 0)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var y = new RefTensor(n, c, oh, ow);
        foreach (int[] i in RefOps.Indices(y.Shape))
        {
            int sh = Math.Min((int)Math.Floor(scaleH > 0 ? i[2] / scaleH : i[2] * (double)h / oh), h - 1);
            int sw = Math.Min((int)Math.Floor(scaleW > 0 ? i[3] / scaleW : i[3] * (double)w / ow), w - 1);
            y[i] = x[i[0], i[1], sh, sw];
        }
        return y;
    }

    /// <summary>Bilinear with half-pixel centres clamped at 0, or corner alignment.</summary>
    public static RefTensor Bilinear(RefTensor x, int oh, int ow, bool alignCorners, double scaleH = 0, double scaleW = 0)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var y = new RefTensor(n, c, oh, ow);
        foreach (int[] i in RefOps.Indices(y.Shape))
        {
            var (h0, h1, lh) = Source(i[2], h, oh, alignCorners, scaleH);
            var (w0, w1, lw) = Source(i[3], w, ow, alignCorners, scaleW);
            y[i] = (1 - lh) * ((1 - lw) * x[i[0], i[1], h0, w0] + lw * x[i[0], i[1], h0, w1])
                + lh * ((1 - lw) * x[i[0], i[1], h1, w0] + lw * x[i[0], i[1], h1, w1]);
        }
        return y;
    }

    private static (int Lo, int Hi, double Lambda) Source(int dst, int inSize, int outSize, bool alignCorners, double scale)
    {
        double src = alignCorners
            ? (outSize > 1 ? dst * (inSize - 1.0) / (outSize - 1) : 0)
            : Math.Max((dst + 0.5) * (scale > 0 ? 1 / scale : inSize / (double)outSize) - 0.5, 0);
        int lo = Math.Min((int)Math.Floor(src), inSize - 1);
        return (lo, Math.Min(lo + 1, inSize - 1), src - lo);
    }
}
