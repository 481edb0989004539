using System.Runtime.InteropServices;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Pooling;

/// <summary>
/// Max pooling over NCHW planes with PyTorch's rules: the first maximum in row-major window order
/// wins ties, and a NaN in the window propagates (the last NaN is taken). The forward records the
/// winning in-plane index per output so backward routes each gradient to exactly one input. The
/// indices are ints kept in float storage (bit for bit), so that training steps can take that storage
/// from the tensor pool like any other temporary instead of leaving an int array to the GC each step.
/// </summary>
internal static class MaxPool2dKernel
{
    /// <summary>
    /// Writes every element of <paramref name="y"/>, and of <paramref name="argmax"/> unless it is empty: one int
    /// per output, stored in its float's bits (-1 for a window with no input pixel).
    /// </summary>
    internal static void Forward(ReadOnlyMemory<float> x, Memory<float> y, Memory<float> argmax, PoolGeometry g)
    {
        if (IsPlain2x2(g))
        {
            Parallelism.For(g.Planes, MinPlanes(g), (start, end) => Forward2x2(x.Span, y.Span, Indices(argmax.Span), g, start, end));
            return;
        }

        Parallelism.For(g.Planes, MinPlanes(g), (start, end) => ForwardGeneral(x.Span, y.Span, Indices(argmax.Span), g, start, end));
    }

    // The winners' indices as ints, over the float storage that holds them.
    private static Span<int> Indices(Span<float> storage) => MemoryMarshal.Cast<float, int>(storage);

    private static ReadOnlySpan<int> Indices(ReadOnlySpan<float> storage) => MemoryMarshal.Cast<float, int>(storage);

    // Any window shape. Windows wholly inside the plane (all of them but a border strip) take a loop
    // without bounds checks; the taps, their order and the winner rule are the same everywhere.
    private static unsafe void ForwardGeneral(ReadOnlySpan<float> xs, Span<float> ys, Span<int> argmax, in PoolGeometry g, int start, int end)
    {
        var (ohLo, ohHi) = InteriorRange(g.OutH, g.InH, g.KH, g.StrideH, g.PadH, g.DilationH);
        var (owLo, owHi) = InteriorRange(g.OutW, g.InW, g.KW, g.StrideW, g.PadW, g.DilationW);
        fixed (float* x0 = xs, y0 = ys)
        fixed (int* a0 = argmax)
        {
            for (int p = start; p < end; p++)
            {
                float* plane = x0 + (nint)p * g.InPlane;
                int o = p * g.OutPlane;
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int h0 = oh * g.StrideH - g.PadH;
                    bool rowInside = oh >= ohLo && oh < ohHi;
                    for (int ow = 0; ow < g.OutW; ow++, o++)
                    {
                        int w0 = ow * g.StrideW - g.PadW;
                        int bestIndex;
                        float best;
                        if (rowInside && ow >= owLo && ow < owHi)
                        {
                            bestIndex = h0 * g.InW + w0;
                            best = plane[bestIndex];
                            for (int kh = 0; kh < g.KH; kh++)
                            {
                                int row = (h0 + kh * g.DilationH) * g.InW + w0;
                                for (int kw = kh == 0 ? 1 : 0; kw < g.KW; kw++)
                                {
                                    int index = row + kw * g.DilationW;
                                    float v = plane[index];
                                    if (v > best || float.IsNaN(v))
                                    {
                                        best = v;
                                        bestIndex = index;
                                    }
                                }
                            }
                        }
                        else
                        {
                            best = float.NegativeInfinity;
                            bestIndex = -1;
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
                        }
                        y0[o] = best;
                        if (a0 != null) a0[o] = bestIndex;
                    }
                }
            }
        }
    }

    // Outputs [lo, hi) along one axis whose windows lie wholly inside [0, size) (empty when none do).
    private static (int Lo, int Hi) InteriorRange(int outSize, int size, int kernel, int stride, int pad, int dilation)
    {
        int lo = (pad + stride - 1) / stride;
        int last = size - 1 - (kernel - 1) * dilation + pad; // the largest window start (plus pad) that fits
        int hi = last < 0 ? 0 : Math.Min(outSize, last / stride + 1);
        return (lo, Math.Max(lo, hi));
    }

    /// <summary>dx = zeros, then dx[argmax[o]] += dy[o] per plane (<paramref name="argmax"/> as <see cref="Forward"/> wrote it); writes every element of <paramref name="dx"/>.</summary>
    internal static void Backward(ReadOnlyMemory<float> dy, ReadOnlyMemory<float> argmax, Memory<float> dx, PoolGeometry g)
    {
        Parallelism.For(g.Planes, MinPlanes(g), (start, end) =>
        {
            ReadOnlySpan<int> indices = Indices(argmax.Span);
            ReadOnlySpan<float> dys = dy.Span;
            Span<float> dxs = dx.Span;
            for (int p = start; p < end; p++)
            {
                Span<float> plane = dxs.Slice(p * g.InPlane, g.InPlane);
                plane.Clear();
                int o = p * g.OutPlane;
                for (int i = 0; i < g.OutPlane; i++, o++)
                {
                    int index = indices[o];
                    if (index >= 0) plane[index] += dys[o];
                }
            }
        });
    }

    // The pooling of almost every CNN: 2x2 windows, stride 2, no padding or dilation, every window inside the input.
    private static bool IsPlain2x2(in PoolGeometry g) =>
        g.KH == 2 && g.KW == 2 && g.StrideH == 2 && g.StrideW == 2 && g.PadH == 0 && g.PadW == 0 && g.DilationH == 1 && g.DilationW == 1
        && 2 * g.OutH <= g.InH && 2 * g.OutW <= g.InW;

    // The general loop specialised to 2x2 windows (same taps in the same order, so the same winner and
    // the same argmax); the general one spends most of its time on bounds and geometry per tap.
    private static unsafe void Forward2x2(ReadOnlySpan<float> xs, Span<float> ys, Span<int> argmax, in PoolGeometry g, int start, int end)
    {
        int inW = g.InW, outH = g.OutH, outW = g.OutW;
        fixed (float* x0 = xs, y0 = ys)
        fixed (int* a0 = argmax)
        {
            for (int p = start; p < end; p++)
            {
                float* plane = x0 + (nint)p * g.InPlane;
                float* y = y0 + (nint)p * g.OutPlane;
                int* am = a0 == null ? null : a0 + (nint)p * g.OutPlane;
                for (int oh = 0; oh < outH; oh++)
                {
                    int rowIndex = 2 * oh * inW;
                    float* r0 = plane + rowIndex, r1 = r0 + inW;
                    for (int ow = 0; ow < outW; ow++)
                    {
                        int i = 2 * ow;
                        float best = r0[i];
                        int bestIndex = rowIndex + i;
                        float v = r0[i + 1];
                        if (v > best || float.IsNaN(v)) { best = v; bestIndex = rowIndex + i + 1; }
                        v = r1[i];
                        if (v > best || float.IsNaN(v)) { best = v; bestIndex = rowIndex + inW + i; }
                        v = r1[i + 1];
                        if (v > best || float.IsNaN(v)) { best = v; bestIndex = rowIndex + inW + i + 1; }
                        y[oh * outW + ow] = best;
                        if (am != null) am[oh * outW + ow] = bestIndex;
                    }
                }
            }
        }
    }

    private static int MinPlanes(in PoolGeometry g) => Math.Max(1, 16384 / Math.Max(1, g.OutPlane * g.KH * g.KW));
}
