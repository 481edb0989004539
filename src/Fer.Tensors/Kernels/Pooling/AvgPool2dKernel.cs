using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Pooling;

/// <summary>
/// Average pooling over NCHW planes with PyTorch's divisor rule: with count_include_pad the window
/// is counted up to the padded border (padding zeros count, the overhang of a ceil-mode window does
/// not); without it only input pixels count.
/// </summary>
internal static class AvgPool2dKernel
{
    /// <summary>Writes every element of <paramref name="y"/>.</summary>
    internal static void Forward(ReadOnlyMemory<float> x, Memory<float> y, PoolGeometry g, bool countIncludePad)
    {
        var rows = Windows(g.OutH, g.InH, g.KH, g.StrideH, g.PadH);
        var cols = Windows(g.OutW, g.InW, g.KW, g.StrideW, g.PadW);
        Parallelism.For(g.Planes, MinPlanes(g), (start, end) =>
        {
            ReadOnlySpan<float> xs = x.Span;
            Span<float> ys = y.Span;
            for (int p = start; p < end; p++)
            {
                ReadOnlySpan<float> plane = xs.Slice(p * g.InPlane, g.InPlane);
                int o = p * g.OutPlane;
                foreach (var (h0, h1, hCount) in rows)
                {
                    foreach (var (w0, w1, wCount) in cols)
                    {
                        float sum = 0;
                        for (int ih = h0; ih < h1; ih++)
                            for (int iw = w0; iw < w1; iw++) sum += plane[ih * g.InW + iw];
                        int divisor = countIncludePad ? hCount * wCount : (h1 - h0) * (w1 - w0);
                        ys[o++] = sum / divisor;
                    }
                }
            }
        });
    }

    /// <summary>dx[window] += dy / divisor; writes every element of <paramref name="dx"/>.</summary>
    internal static void Backward(ReadOnlyMemory<float> dy, Memory<float> dx, PoolGeometry g, bool countIncludePad)
    {
        var rows = Windows(g.OutH, g.InH, g.KH, g.StrideH, g.PadH);
        var cols = Windows(g.OutW, g.InW, g.KW, g.StrideW, g.PadW);
        Parallelism.For(g.Planes, MinPlanes(g), (start, end) =>
        {
            ReadOnlySpan<float> dys = dy.Span;
            Span<float> dxs = dx.Span;
            for (int p = start; p < end; p++)
            {
                Span<float> plane = dxs.Slice(p * g.InPlane, g.InPlane);
                plane.Clear();
                int o = p * g.OutPlane;
                foreach (var (h0, h1, hCount) in rows)
                {
                    foreach (var (w0, w1, wCount) in cols)
                    {
                        int divisor = countIncludePad ? hCount * wCount : (h1 - h0) * (w1 - w0);
                        float share = dys[o++] / divisor;
                        for (int ih = h0; ih < h1; ih++)
                            for (int iw = w0; iw < w1; iw++) plane[ih * g.InW + iw] += share;
                    }
                }
            }
        });
    }

    /// <summary>Per output index: the clipped input range [start, end) and the window length counted up to the padded border.</summary>
    private static (int Start, int End, int PaddedCount)[] Windows(int outSize, int inSize, int kernel, int stride, int pad)
    {
        var result = new (int, int, int)[outSize];
        for (int i = 0; i < outSize; i++)
        {
            int start = i * stride - pad;
            int end = Math.Min(start + kernel, inSize + pad);
            int padded = end - start;
            result[i] = (Math.Max(start, 0), Math.Min(end, inSize), padded);
        }
        return result;
    }

    private static int MinPlanes(in PoolGeometry g) => Math.Max(1, 16384 / Math.Max(1, g.OutPlane * g.KH * g.KW));
}
