using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// The inner routine of the depthwise kernel: one output plane as the sum of
/// <c>sources</c> consecutive input planes, each correlated with its own KH x KW filter:
/// out[oh, ow] = bias + sum_s sum_{kh,kw} f[s, kh, kw] * in[s, oh*sh - pt + kh*dh, ow*sw - pl + kw*dw]
/// (zero outside the input). Outputs whose window lies fully inside the input are computed in
/// registers, eight columns at a time with Vector256 FMA when the width stride is 1 (the last vector
/// of a row overlaps the previous one instead of a scalar tail: every store is the full value, so
/// recomputing it is harmless); border outputs take a bounds-checked scalar path. Both paths add the
/// taps in the same order with fused multiply-adds, so results do not depend on which path ran.
/// </summary>
internal static class DepthwisePlane
{
    /// <summary>Kernel size, stride, leading padding (may be negative: a crop) and dilation of one correlation.</summary>
    internal readonly record struct Window(int KH, int KW, int StrideH, int StrideW, int PadTop, int PadLeft, int DilationH, int DilationW);

    internal static void Correlate(ReadOnlySpan<float> input, int sources, int inH, int inW, ReadOnlySpan<float> filters, float bias,
        Span<float> output, int outH, int outW, in Window k)
    {
        int inPlane = inH * inW, taps = k.KH * k.KW;
        var (ohLo, ohHi) = Interior(outH, k.StrideH, k.PadTop, (k.KH - 1) * k.DilationH, inH);
        var (owLo, owHi) = Interior(outW, k.StrideW, k.PadLeft, (k.KW - 1) * k.DilationW, inW);
        bool vector = Vector256.IsHardwareAccelerated && k.StrideW == 1 && owHi - owLo >= Vector256<float>.Count;
        ref float inRef = ref MemoryMarshal.GetReference(input);
        ref float fRef = ref MemoryMarshal.GetReference(filters);
        for (int oh = 0; oh < outH; oh++)
        {
            Span<float> row = output.Slice(oh * outW, outW);
            if (oh < ohLo || oh >= ohHi)
            {
                for (int ow = 0; ow < outW; ow++) row[ow] = Border(input, sources, inH, inW, filters, bias, oh, ow, k);
                continue;
            }
            for (int ow = 0; ow < owLo; ow++) row[ow] = Border(input, sources, inH, inW, filters, bias, oh, ow, k);
            for (int ow = owHi; ow < outW; ow++) row[ow] = Border(input, sources, inH, inW, filters, bias, oh, ow, k);
            // Offset of tap (0, 0) for output column 0 of this row in source plane 0.
            int rowBase = (oh * k.StrideH - k.PadTop) * inW - k.PadLeft;
            if (vector)
            {
                ref float outRef = ref MemoryMarshal.GetReference(row);
                int ow = owLo;
                while (true)
                {
                    int at = Math.Min(ow, owHi - Vector256<float>.Count);
                    var acc = Vector256.Create(bias);
                    for (int s = 0; s < sources; s++)
                    {
                        for (int kh = 0; kh < k.KH; kh++)
                        {
                            int baseIndex = s * inPlane + rowBase + kh * k.DilationH * inW + at;
                            for (int kw = 0; kw < k.KW; kw++)
                            {
                                var xv = Vector256.LoadUnsafe(ref inRef, (nuint)(baseIndex + kw * k.DilationW));
                                acc = Vector256.FusedMultiplyAdd(xv, Vector256.Create(Unsafe.Add(ref fRef, s * taps + kh * k.KW + kw)), acc);
                            }
                        }
                    }
                    acc.StoreUnsafe(ref outRef, (nuint)at);
                    if (at + Vector256<float>.Count >= owHi) break;
                    ow += Vector256<float>.Count;
                }
            }
            else
            {
                for (int ow = owLo; ow < owHi; ow++)
                {
                    float acc = bias;
                    for (int s = 0; s < sources; s++)
                        for (int kh = 0; kh < k.KH; kh++)
                        {
                            int baseIndex = s * inPlane + rowBase + kh * k.DilationH * inW + ow * k.StrideW;
                            for (int kw = 0; kw < k.KW; kw++)
                                acc = MathF.FusedMultiplyAdd(input[baseIndex + kw * k.DilationW], filters[s * taps + kh * k.KW + kw], acc);
                        }
                    row[ow] = acc;
                }
            }
        }
    }

    /// <summary>One output whose window may leave the input: taps outside are skipped.</summary>
    private static float Border(ReadOnlySpan<float> input, int sources, int inH, int inW, ReadOnlySpan<float> filters, float bias, int oh, int ow, in Window k)
    {
        int taps = k.KH * k.KW;
        float acc = bias;
        for (int s = 0; s < sources; s++)
            for (int kh = 0; kh < k.KH; kh++)
            {
                int ih = oh * k.StrideH - k.PadTop + kh * k.DilationH;
                if ((uint)ih >= (uint)inH) continue;
                for (int kw = 0; kw < k.KW; kw++)
                {
                    int iw = ow * k.StrideW - k.PadLeft + kw * k.DilationW;
                    if ((uint)iw >= (uint)inW) continue;
                    acc = MathF.FusedMultiplyAdd(input[(s * inH + ih) * inW + iw], filters[s * taps + kh * k.KW + kw], acc);
                }
            }
        return acc;
    }

    /// <summary>Outputs [lo, hi) whose whole window (first tap at o*stride - pad, last at +span) lies in [0, inSize).</summary>
    private static (int Lo, int Hi) Interior(int outSize, int stride, int pad, int span, int inSize)
    {
        int lo = pad <= 0 ? 0 : (pad + stride - 1) / stride;
        int room = inSize - 1 - span + pad;
        int hi = room < 0 ? 0 : room / stride + 1;
        lo = Math.Min(lo, outSize);
        return (lo, Math.Clamp(hi, lo, outSize));
    }
}
