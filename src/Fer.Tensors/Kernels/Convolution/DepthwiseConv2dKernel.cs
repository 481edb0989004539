using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// Direct depthwise convolution (groups == input channels, channel multiplier M = OutC / InC):
/// output channel oc reads input channel oc / M through its own KH x KW filter. The forward, and the
/// input gradient at stride 1 (a correlation with flipped filters), compute each output plane with
/// <see cref="DepthwisePlane"/> (Vector256 over the output width); the strided input gradient
/// scatters one axpy per tap and row. im2col would only add copies here (K = KH*KW is tiny).
/// Forward and input-gradient work split over (image, channel) planes; the weight gradient
/// (<see cref="DepthwisePlane.AccumulateFilterGradient"/>) over output channels with images summed
/// in order, so no cross-thread reduction is needed.
/// </summary>
internal static class DepthwiseConv2dKernel
{
    internal static void Forward(ReadOnlyMemory<float> x, ReadOnlyMemory<float> w, ReadOnlyMemory<float> bias, Memory<float> y, ConvGeometry g)
    {
        int multiplier = g.OutCPerGroup, taps = g.KH * g.KW;
        var window = new DepthwisePlane.Window(g.KH, g.KW, g.StrideH, g.StrideW, g.PadTop, g.PadLeft, g.DilationH, g.DilationW);
        Parallelism.For(g.N * g.OutC, MinPlanesPerChunk(g), (start, end) =>
        {
            ReadOnlySpan<float> xs = x.Span, ws = w.Span, bs = bias.Span;
            Span<float> ys = y.Span;
            for (int p = start; p < end; p++)
            {
                int n = p / g.OutC, oc = p % g.OutC, ic = oc / multiplier;
                DepthwisePlane.Correlate(xs.Slice((n * g.InC + ic) * g.InPlane, g.InPlane), 1, g.InH, g.InW, ws.Slice(oc * taps, taps),
                    bs.IsEmpty ? 0f : bs[oc], ys.Slice(p * g.OutPlane, g.OutPlane), g.OutH, g.OutW, window);
            }
        });
    }

    internal static void BackwardInput(ReadOnlyMemory<float> dy, ReadOnlyMemory<float> w, Memory<float> dx, ConvGeometry g)
    {
        int multiplier = g.OutCPerGroup, taps = g.KH * g.KW;
        if (g.StrideH == 1 && g.StrideW == 1)
        {
            // With stride 1 the input gradient is itself a correlation: of the M gradient planes of this
            // input channel with their filters flipped, padded by (k-1)*d - pad (negative pads crop).
            float[] flipped = Flip(w.Span, g.OutC, g.KH, g.KW);
            var window = new DepthwisePlane.Window(g.KH, g.KW, 1, 1, (g.KH - 1) * g.DilationH - g.PadTop, (g.KW - 1) * g.DilationW - g.PadLeft,
                g.DilationH, g.DilationW);
            Parallelism.For(g.N * g.InC, MinPlanesPerChunk(g), (start, end) =>
            {
                ReadOnlySpan<float> dys = dy.Span;
                Span<float> dxs = dx.Span;
                for (int p = start; p < end; p++)
                {
                    int n = p / g.InC, ic = p % g.InC, oc0 = ic * multiplier;
                    DepthwisePlane.Correlate(dys.Slice((n * g.OutC + oc0) * g.OutPlane, multiplier * g.OutPlane), multiplier, g.OutH, g.OutW,
                        flipped.AsSpan(oc0 * taps, multiplier * taps), 0f, dxs.Slice(p * g.InPlane, g.InPlane), g.InH, g.InW, window);
                }
            });
            return;
        }
        Parallelism.For(g.N * g.InC, MinPlanesPerChunk(g), (start, end) =>
        {
            ReadOnlySpan<float> dys = dy.Span, ws = w.Span;
            Span<float> dxs = dx.Span;
            for (int p = start; p < end; p++)
            {
                int n = p / g.InC, ic = p % g.InC;
                Span<float> inPlane = dxs.Slice(p * g.InPlane, g.InPlane);
                inPlane.Clear();
                for (int m = 0; m < multiplier; m++)
                {
                    int oc = ic * multiplier + m;
                    ReadOnlySpan<float> gradPlane = dys.Slice((n * g.OutC + oc) * g.OutPlane, g.OutPlane);
                    ReadOnlySpan<float> filter = ws.Slice(oc * taps, taps);
                    for (int oh = 0; oh < g.OutH; oh++)
                    {
                        ReadOnlySpan<float> gradRow = gradPlane.Slice(oh * g.OutW, g.OutW);
                        for (int kh = 0; kh < g.KH; kh++)
                        {
                            int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                            if ((uint)ih >= (uint)g.InH) continue;
                            Span<float> inRow = inPlane.Slice(ih * g.InW, g.InW);
                            for (int kw = 0; kw < g.KW; kw++)
                            {
                                int iw0 = kw * g.DilationW - g.PadLeft;
                                var (lo, hi) = Im2Col.ValidRange(g.OutW, g.StrideW, iw0, g.InW);
                                if (hi <= lo) continue;
                                float wv = filter[kh * g.KW + kw];
                                if (g.StrideW == 1) Axpy(gradRow[lo..hi], wv, inRow.Slice(lo + iw0, hi - lo));
                                else for (int ow = lo; ow < hi; ow++) inRow[ow * g.StrideW + iw0] = MathF.FusedMultiplyAdd(gradRow[ow], wv, inRow[ow * g.StrideW + iw0]);
                            }
                        }
                    }
                }
            }
        });
    }

    internal static void BackwardWeight(ReadOnlyMemory<float> x, ReadOnlyMemory<float> dy, Memory<float> dw, ConvGeometry g)
    {
        int multiplier = g.OutCPerGroup, taps = g.KH * g.KW;
        var window = new DepthwisePlane.Window(g.KH, g.KW, g.StrideH, g.StrideW, g.PadTop, g.PadLeft, g.DilationH, g.DilationW);
        Parallelism.For(g.OutC, 1, (start, end) =>
        {
            ReadOnlySpan<float> xs = x.Span, dys = dy.Span;
            Span<float> dws = dw.Span;
            Span<Vector256<float>> vectorSums = taps <= 64 ? stackalloc Vector256<float>[taps] : new Vector256<float>[taps];
            Span<float> scalarSums = taps <= 64 ? stackalloc float[taps] : new float[taps];
            for (int oc = start; oc < end; oc++)
            {
                int ic = oc / multiplier;
                vectorSums.Clear();
                scalarSums.Clear();
                // Images in order: the sum does not depend on the thread count.
                for (int n = 0; n < g.N; n++)
                {
                    DepthwisePlane.AccumulateFilterGradient(xs.Slice((n * g.InC + ic) * g.InPlane, g.InPlane), g.InH, g.InW,
                        dys.Slice((n * g.OutC + oc) * g.OutPlane, g.OutPlane), g.OutH, g.OutW, window, vectorSums, scalarSums);
                }
                for (int t = 0; t < taps; t++) dws[oc * taps + t] = Vector256.Sum(vectorSums[t]) + scalarSums[t];
            }
        });
    }

    /// <summary>Each filter rotated by 180 degrees ([OutC, KH, KW]).</summary>
    private static float[] Flip(ReadOnlySpan<float> w, int filters, int kh, int kw)
    {
        var flipped = new float[filters * kh * kw];
        for (int f = 0; f < filters; f++)
            for (int i = 0; i < kh; i++)
                for (int j = 0; j < kw; j++)
                    flipped[(f * kh + i) * kw + j] = w[(f * kh + (kh - 1 - i)) * kw + (kw - 1 - j)];
        return flipped;
    }

    /// <summary>Enough planes per chunk that a thread gets at least ~16k multiply-adds.</summary>
    private static int MinPlanesPerChunk(in ConvGeometry g) => Math.Max(1, 16384 / Math.Max(1, g.OutPlane * g.KH * g.KW));

    /// <summary>y[i] = fma(x[i], a, y[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        System.Diagnostics.Debug.Assert(x.Length == y.Length);
        int i = 0, n = y.Length;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            ref float yr = ref MemoryMarshal.GetReference(y);
            var av = Vector256.Create(a);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var yv = Vector256.LoadUnsafe(ref yr, (nuint)i);
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)i);
                Vector256.FusedMultiplyAdd(xv, av, yv).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++) y[i] = MathF.FusedMultiplyAdd(x[i], a, y[i]);
    }
}
