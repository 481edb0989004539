using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Pooling;

/// <summary>
/// Max pooling over NCHW planes with PyTorch's rules: the first maximum in row-major window order
/// wins ties, and a NaN in the window propagates (the last NaN is taken). The forward records the
/// winning in-plane index per output so backward routes each gradient to exactly one input.
/// </summary>
internal static class MaxPool2dKernel
{
    /// <summary>Writes every element of <paramref name="y"/>, and of <paramref name="argmax"/> when given (-1 for a window with no input pixel).</summary>
    internal static void Forward(ReadOnlyMemory<float> x, Memory<float> y, int[]? argmax, PoolGeometry g)
    {
        Parallelism.For(g.Planes, MinPlanes(g), (start, end) =>
        {
            ReadOnlySpan<float> xs = x.Span;
            Span<float> ys = y.Span;
            for (int p = start; p < end; p++)
            {
                ReadOnlySpan<float> plane = xs.Slice(p * g.InPlane, g.InPlane);
                int o = p * g.OutPlane;
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int h0 = oh * g.StrideH - g.PadH;
                    for (int ow = 0; ow < g.OutW; ow++, o++)
                    {
                        int w0 = ow * g.StrideW - g.PadW;
                        float best = float.NegativeInfinity;
                        int bestIndex = -1;
                        for (int kh = 0; kh < g.KH; kh++)
                        {
                            int ih = h0 + kh * g.DilationH;
                            if ((uint)ih >= (uint)g.InH) continue;
                            for (int kw = 0; kw < g.KW; kw++)
                            {
                                int iw = w0 + kw * g.DilationW;
                                if ((uint)iw >= (uint)g.InW) continue;
                                int index = ih * g.InW + iw;
                                float v = plane[index];
                                // The first valid tap seeds the window (even when it is -inf); NaN always wins.
                                if (bestIndex < 0 || v > best || float.IsNaN(v))
                                {
                                    best = v;
                                    bestIndex = index;
                                }
                            }
                        }
                        ys[o] = best;
                        if (argmax is not null) argmax[o] = bestIndex;
                    }
                }
            }
        });
    }

    /// <summary>dx = zeros, then dx[argmax[o]] += dy[o] per plane; writes every element of <paramref name="dx"/>.</summary>
    internal static void Backward(ReadOnlyMemory<float> dy, int[] argmax, Memory<float> dx, PoolGeometry g)
    {
        Parallelism.For(g.Planes, MinPlanes(g), (start, end) =>
        {
            ReadOnlySpan<float> dys = dy.Span;
            Span<float> dxs = dx.Span;
            for (int p = start; p < end; p++)
            {
                Span<float> plane = dxs.Slice(p * g.InPlane, g.InPlane);
                plane.Clear();
                int o = p * g.OutPlane;
                for (int i = 0; i < g.OutPlane; i++, o++)
                {
                    int index = argmax[o];
                    if (index >= 0) plane[index] += dys[o];
                }
            }
        });
    }

    private static int MinPlanes(in PoolGeometry g) => Math.Max(1, 16384 / Math.Max(1, g.OutPlane * g.KH * g.KW));
}
