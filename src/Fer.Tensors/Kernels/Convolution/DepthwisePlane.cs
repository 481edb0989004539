using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// The inner routine of the depthwise kernel: one output plane as the sum of
/// <c>sources</c> consecutive input planes, each correlated with its own KH x KW filter:
/// out[oh, ow] = bias + sum_s sum_{kh,kw} f[s, kh, kw] * in[s, oh*sh - pt + kh*dh, ow*sw - pl + kw*dw]
/// (zero outside the input). When some window leaves the input, the planes are first copied into a
/// zero-padded per-thread buffer so that every output is an interior one. Outputs are computed in
/// registers, eight columns at a time with Vector256 FMA when the width stride is 1 (the last vector
/// of a row overlaps the previous one instead of a scalar tail: every store is the full value, so
/// recomputing it is harmless), else one at a time. Both paths add the taps in the same order with
/// fused multiply-adds, so results do not depend on which path ran.
/// </summary>
internal static class DepthwisePlane
{
    /// <summary>Kernel size, stride, leading padding (may be negative: a crop) and dilation of one correlation.</summary>
    internal readonly record struct Window(int KH, int KW, int StrideH, int StrideW, int PadTop, int PadLeft, int DilationH, int DilationW);

    [ThreadStatic] private static float[]? padded;

    internal static void Correlate(ReadOnlySpan<float> input, int sources, int inH, int inW, ReadOnlySpan<float> filters, float bias,
        Span<float> output, int outH, int outW, in Window k)
    {
        if (IsPlain3x3(sources, k))
        {
            Correlate3x3(input, inH, inW, filters, bias, output, outH, outW, k);
            return;
        }
        ReadOnlySpan<float> source = PadIfNeeded(input, sources, inH, inW, outH, outW, k, out int ph, out int pw, out Window inner);
        Interior(source, sources, ph, pw, filters, bias, output, outH, outW, inner);
    }

    /// <summary>One source plane, a 3x3 filter, no dilation, width stride 1 or 2: what MobileNet-style networks (face-api's included) run.</summary>
    internal static bool IsPlain3x3(int sources, in Window k) => Vector256.IsHardwareAccelerated && sources == 1 && k.KH == 3 && k.KW == 3
        && k.DilationH == 1 && k.DilationW == 1 && k.StrideW is 1 or 2 && k.StrideH >= 1;

    /// <summary>
    /// <see cref="Correlate"/> for <see cref="IsPlain3x3"/> windows. The plane is always copied into a per-thread
    /// buffer, zero-padded and with rows widened to a whole number of vectors (so every width, 7 included, runs
    /// eight columns at a time and no load leaves the buffer); at width stride 2 each row is split into its even
    /// and odd columns, so that the three taps of eight strided outputs are three contiguous loads. The nine taps
    /// stay in registers for the whole plane. Taps are added in the same order, from the bias, with fused
    /// multiply-adds as the general path, so the results are bit-identical to it.
    /// </summary>
    private static void Correlate3x3(ReadOnlySpan<float> input, int inH, int inW, ReadOnlySpan<float> filter, float bias,
        Span<float> output, int outH, int outW, in Window k)
    {
        const int V = 8;
        int sw = k.StrideW, sh = k.StrideH;
        int outWr = (outW + V - 1) / V * V;
        int ph = (outH - 1) * sh + 3;
        // Stride 1: padded columns 0 .. outWr + 1. Stride 2: the even padded columns (outWr + 1), then the odd ones (outWr).
        int rowLen = sw == 1 ? outWr + 2 : 2 * outWr + 1;
        int odd = outWr + 1;
        if (padded is null || padded.Length < ph * rowLen) padded = GC.AllocateUninitializedArray<float>(ph * rowLen);
        Span<float> buffer = padded.AsSpan(0, ph * rowLen);
        for (int r = 0; r < ph; r++)
        {
            Span<float> dst = buffer.Slice(r * rowLen, rowLen);
            int ir = r - k.PadTop;
            if ((uint)ir >= (uint)inH)
            {
                dst.Clear();
                continue;
            }
            ReadOnlySpan<float> src = input.Slice(ir * inW, inW);
            if (sw == 1)
            {
                // Padded column c holds input column c - PadLeft.
                int lo = Math.Clamp(k.PadLeft, 0, rowLen), hi = Math.Clamp(inW + k.PadLeft, lo, rowLen);
                dst[..lo].Clear();
                src.Slice(lo - k.PadLeft, hi - lo).CopyTo(dst[lo..hi]);
                dst[hi..].Clear();
            }
            else
            {
                for (int j = 0; j < odd; j++)
                {
                    int c = 2 * j - k.PadLeft;
                    dst[j] = (uint)c < (uint)inW ? src[c] : 0f;
                }
                for (int j = 0; j < outWr; j++)
                {
                    int c = 2 * j + 1 - k.PadLeft;
                    dst[odd + j] = (uint)c < (uint)inW ? src[c] : 0f;
                }
            }
        }

        Vector256<float> w0 = Vector256.Create(filter[0]), w1 = Vector256.Create(filter[1]), w2 = Vector256.Create(filter[2]);
        Vector256<float> w3 = Vector256.Create(filter[3]), w4 = Vector256.Create(filter[4]), w5 = Vector256.Create(filter[5]);
        Vector256<float> w6 = Vector256.Create(filter[6]), w7 = Vector256.Create(filter[7]), w8 = Vector256.Create(filter[8]);
        Vector256<float> b = Vector256.Create(bias);
        // Offsets of taps 1 and 2 of a row: the next columns, or (stride 2) the odd half and the next even column.
        int t1 = sw == 1 ? 1 : odd, t2 = sw == 1 ? 2 : 1;
        ref float bufRef = ref MemoryMarshal.GetReference(buffer);
        ref float outRef = ref MemoryMarshal.GetReference(output);
        Span<float> tail = stackalloc float[V];
        for (int oh = 0; oh < outH; oh++)
        {
            int r0 = oh * sh * rowLen, r1 = r0 + rowLen, r2 = r1 + rowLen;
            for (int ow = 0; ow < outWr; ow += V)
            {
                var acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r0 + ow)), w0, b);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r0 + t1 + ow)), w1, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r0 + t2 + ow)), w2, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r1 + ow)), w3, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r1 + t1 + ow)), w4, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r1 + t2 + ow)), w5, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r2 + ow)), w6, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r2 + t1 + ow)), w7, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref bufRef, (nuint)(r2 + t2 + ow)), w8, acc);
                if (ow + V <= outW)
                {
                    acc.StoreUnsafe(ref outRef, (nuint)(oh * outW + ow));
                }
                else
                {
                    acc.CopyTo(tail);
                    tail[..(outW - ow)].CopyTo(output.Slice(oh * outW + ow, outW - ow));
                }
            }
        }
    }

    /// <summary>
    /// Adds, for every tap t = (kh, kw), the sum over outputs of grad[oh, ow] * in[oh*sh - pt + kh*dh, ow*sw - pl + kw*dw]
    /// to <paramref name="vectorSums"/>[t] (lane-wise partial sums) or <paramref name="scalarSums"/>[t], depending on the
    /// path; the caller adds both after the last plane. Rows are vectorised over the output width at stride 1; the
    /// row tail reuses the last eight columns with the already-counted lanes of the gradient masked to zero.
    /// </summary>
    internal static void AccumulateFilterGradient(ReadOnlySpan<float> input, int inH, int inW, ReadOnlySpan<float> grad, int outH, int outW,
        in Window k, Span<Vector256<float>> vectorSums, Span<float> scalarSums)
    {
        ReadOnlySpan<float> source = PadIfNeeded(input, 1, inH, inW, outH, outW, k, out _, out int pw, out Window w);
        ref float inRef = ref MemoryMarshal.GetReference(source);
        ref float gRef = ref MemoryMarshal.GetReference(grad);
        int count = Vector256<float>.Count;
        if (UsesVectors(outW, w.StrideW))
        {
            int tail = outW % count;
            // Lanes below count - tail were counted by the previous full vector.
            Vector256<float> tailMask = Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(count - tail)).AsSingle();
            for (int oh = 0; oh < outH; oh++)
            {
                int rowBase = (oh * w.StrideH - w.PadTop) * pw - w.PadLeft;
                for (int ow = 0; ow < outW; ow += count)
                {
                    int at = Math.Min(ow, outW - count);
                    var gv = Vector256.LoadUnsafe(ref gRef, (nuint)(oh * outW + at));
                    if (at != ow) gv &= tailMask;
                    for (int kh = 0; kh < w.KH; kh++)
                    {
                        int baseIndex = rowBase + kh * w.DilationH * pw + at;
                        for (int kw = 0; kw < w.KW; kw++)
                        {
                            ref Vector256<float> sum = ref vectorSums[kh * w.KW + kw];
                            sum = Vector256.FusedMultiplyAdd(gv, Vector256.LoadUnsafe(ref inRef, (nuint)(baseIndex + kw * w.DilationW)), sum);
                        }
                    }
                }
            }
            return;
        }
        for (int oh = 0; oh < outH; oh++)
        {
            int rowBase = (oh * w.StrideH - w.PadTop) * pw - w.PadLeft;
            for (int ow = 0; ow < outW; ow++)
            {
                float gv = grad[oh * outW + ow];
                for (int kh = 0; kh < w.KH; kh++)
                {
                    int baseIndex = rowBase + kh * w.DilationH * pw + ow * w.StrideW;
                    for (int kw = 0; kw < w.KW; kw++)
                    {
                        int t = kh * w.KW + kw;
                        scalarSums[t] = MathF.FusedMultiplyAdd(gv, source[baseIndex + kw * w.DilationW], scalarSums[t]);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The input itself when every window lies inside it; otherwise a zero-padded per-thread copy in which
    /// they do (on small planes, bounds checks at the border would otherwise dominate). <paramref name="inner"/>
    /// is the window to use on the result.
    /// </summary>
    private static ReadOnlySpan<float> PadIfNeeded(ReadOnlySpan<float> input, int sources, int inH, int inW, int outH, int outW, in Window k,
        out int ph, out int pw, out Window inner)
    {
        var (ohLo, ohHi) = InteriorRange(outH, k.StrideH, k.PadTop, (k.KH - 1) * k.DilationH, inH);
        var (owLo, owHi) = InteriorRange(outW, k.StrideW, k.PadLeft, (k.KW - 1) * k.DilationW, inW);
        if (ohLo == 0 && ohHi == outH && owLo == 0 && owHi == outW)
        {
            (ph, pw, inner) = (inH, inW, k);
            return input;
        }
        ph = (outH - 1) * k.StrideH + (k.KH - 1) * k.DilationH + 1;
        pw = (outW - 1) * k.StrideW + (k.KW - 1) * k.DilationW + 1;
        inner = k with { PadTop = 0, PadLeft = 0 };
        int plane = ph * pw;
        if (padded is null || padded.Length < sources * plane) padded = GC.AllocateUninitializedArray<float>(sources * plane);
        Span<float> buffer = padded.AsSpan(0, sources * plane);
        var (cLo, cHi) = (Math.Max(0, k.PadLeft), Math.Min(pw, inW + k.PadLeft)); // padded columns that hold input
        for (int s = 0; s < sources; s++)
        {
            for (int r = 0; r < ph; r++)
            {
                Span<float> dst = buffer.Slice(s * plane + r * pw, pw);
                int ir = r - k.PadTop;
                if ((uint)ir >= (uint)inH || cHi <= cLo)
                {
                    dst.Clear();
                    continue;
                }
                dst[..cLo].Clear();
                input.Slice((s * inH + ir) * inW + cLo - k.PadLeft, cHi - cLo).CopyTo(dst[cLo..cHi]);
                dst[cHi..].Clear();
            }
        }
        return buffer;
    }

    /// <summary>Whether rows are computed eight columns at a time (else one at a time).</summary>
    internal static bool UsesVectors(int outW, int strideW) => Vector256.IsHardwareAccelerated && strideW == 1 && outW >= Vector256<float>.Count;

    /// <summary><see cref="Correlate"/> when every window lies inside the input.</summary>
    private static void Interior(ReadOnlySpan<float> input, int sources, int inH, int inW, ReadOnlySpan<float> filters, float bias,
        Span<float> output, int outH, int outW, in Window k)
    {
        int inPlane = inH * inW, taps = k.KH * k.KW;
        bool vector = UsesVectors(outW, k.StrideW);
        ref float inRef = ref MemoryMarshal.GetReference(input);
        ref float fRef = ref MemoryMarshal.GetReference(filters);
        for (int oh = 0; oh < outH; oh++)
        {
            Span<float> row = output.Slice(oh * outW, outW);
            // Offset of tap (0, 0) for output column 0 of this row in source plane 0.
            int rowBase = (oh * k.StrideH - k.PadTop) * inW - k.PadLeft;
            if (vector)
            {
                ref float outRef = ref MemoryMarshal.GetReference(row);
                for (int ow = 0; ; ow += Vector256<float>.Count)
                {
                    int at = Math.Min(ow, outW - Vector256<float>.Count);
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
                    if (at + Vector256<float>.Count >= outW) break;
                }
            }
            else
            {
                for (int ow = 0; ow < outW; ow++)
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

    /// <summary>Outputs [lo, hi) whose whole window (first tap at o*stride - pad, last at +span) lies in [0, inSize).</summary>
    private static (int Lo, int Hi) InteriorRange(int outSize, int stride, int pad, int span, int inSize)
    {
        int lo = pad <= 0 ? 0 : (pad + stride - 1) / stride;
        int room = inSize - 1 - span + pad;
        int hi = room < 0 ? 0 : room / stride + 1;
        lo = Math.Min(lo, outSize);
        return (lo, Math.Clamp(hi, lo, outSize));
    }
}
