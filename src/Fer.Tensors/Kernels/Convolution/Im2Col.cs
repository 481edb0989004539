using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// Unfolds one image group into the im2col matrix [InC/Groups * KH * KW, OutH * OutW] (row
/// (c*KH + kh)*KW + kw holds the input pixel each output position reads through that kernel tap,
/// zero where it falls in the padding), and folds such a matrix back by accumulation (col2im, the
/// adjoint). Both work on a channel range so callers can split channels across threads, and take a
/// row stride so several images can sit side by side in one matrix. Rows are short for the deep
/// layers (4 to 14 floats), so the loops work on raw pointers with no per-row slicing.
/// </summary>
internal static class Im2Col
{
    /// <summary>Writes rows of channels [channelStart, channelEnd) of <paramref name="col"/> from <paramref name="image"/> (the group's channels, [InC/Groups, InH, InW]).</summary>
    internal static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, int channelStart, int channelEnd, Span<float> col)
        => Unfold(image, g, channelStart, channelEnd, col, g.OutPlane);

    /// <summary>As the overload without <paramref name="ld"/>, with row r of the matrix at col[r * <paramref name="ld"/>].</summary>
    internal static unsafe void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, int channelStart, int channelEnd, Span<float> col, int ld)
    {
        if (channelEnd <= channelStart || g.OutPlane == 0) return;
        // Bounds: the last row written ends at (rows - 1) * ld + OutPlane; the image holds the group's channels.
        if (image.Length < channelEnd * g.InPlane || col.Length < ((long)channelEnd * g.KH * g.KW - 1) * ld + g.OutPlane)
            throw new ArgumentException("Im2Col.Unfold: buffer too short for the geometry.");
        int outW = g.OutW, outH = g.OutH, inW = g.InW, inH = g.InH, sw = g.StrideW;
        fixed (float* px = image, pc = col)
        {
            for (int c = channelStart; c < channelEnd; c++)
            {
                float* plane = px + (nint)c * g.InPlane;
                for (int kh = 0; kh < g.KH; kh++)
                {
                    for (int kw = 0; kw < g.KW; kw++)
                    {
                        float* dst = pc + (nint)((c * g.KH + kh) * g.KW + kw) * ld;
                        int iw0 = kw * g.DilationW - g.PadLeft;
                        var (lo, hi) = ValidRange(outW, sw, iw0, inW);
                        for (int oh = 0; oh < outH; oh++, dst += outW)
                        {
                            int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                            if ((uint)ih >= (uint)inH)
                            {
                                Zero(dst, outW);
                                continue;
                            }
                            float* src = plane + (nint)ih * inW + iw0;
                            Zero(dst, lo);
                            if (sw == 1) Copy(src + lo, dst + lo, hi - lo);
                            else for (int ow = lo; ow < hi; ow++) dst[ow] = src[(nint)ow * sw];
                            Zero(dst + hi, outW - hi);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds rows of channels [channelStart, channelEnd) of <paramref name="col"/> back into <paramref name="image"/> (the adjoint of Unfold).</summary>
    internal static void FoldAdd(ReadOnlySpan<float> col, in ConvGeometry g, int channelStart, int channelEnd, Span<float> image)
        => FoldAdd(col, g, channelStart, channelEnd, image, g.OutPlane);

    /// <summary>As the overload without <paramref name="ld"/>, reading row r of the matrix at col[r * <paramref name="ld"/>].</summary>
    internal static unsafe void FoldAdd(ReadOnlySpan<float> col, in ConvGeometry g, int channelStart, int channelEnd, Span<float> image, int ld)
    {
        if (channelEnd <= channelStart || g.OutPlane == 0) return;
        if (image.Length < channelEnd * g.InPlane || col.Length < ((long)channelEnd * g.KH * g.KW - 1) * ld + g.OutPlane)
            throw new ArgumentException("Im2Col.FoldAdd: buffer too short for the geometry.");
        int outW = g.OutW, outH = g.OutH, inW = g.InW, inH = g.InH, sw = g.StrideW;
        fixed (float* px = image, pc = col)
        {
            for (int c = channelStart; c < channelEnd; c++)
            {
                float* plane = px + (nint)c * g.InPlane;
                for (int kh = 0; kh < g.KH; kh++)
                {
                    for (int kw = 0; kw < g.KW; kw++)
                    {
                        float* src = pc + (nint)((c * g.KH + kh) * g.KW + kw) * ld;
                        int iw0 = kw * g.DilationW - g.PadLeft;
                        var (lo, hi) = ValidRange(outW, sw, iw0, inW);
                        if (hi <= lo) continue;
                        for (int oh = 0; oh < outH; oh++, src += outW)
                        {
                            int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                            if ((uint)ih >= (uint)inH) continue;
                            float* dst = plane + (nint)ih * inW + iw0;
                            if (sw == 1) AddTo(src + lo, dst + lo, hi - lo);
                            else for (int ow = lo; ow < hi; ow++) dst[(nint)ow * sw] += src[ow];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The output columns [lo, hi) whose input column ow*stride + offset lies inside [0, inSize);
    /// columns outside read padding.
    /// </summary>
    internal static (int Lo, int Hi) ValidRange(int outSize, int stride, int offset, int inSize)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int span = inSize - offset;
        int hi = span <= 0 ? 0 : (span + stride - 1) / stride;
        lo = Math.Min(lo, outSize);
        hi = Math.Clamp(hi, lo, outSize);
        return (lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Zero(float* dst, int count)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8) Vector256.Store(Vector256<float>.Zero, dst + i);
        }
        for (; i < count; i++) dst[i] = 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Copy(float* src, float* dst, int count)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8) Vector256.Store(Vector256.Load(src + i), dst + i);
        }
        for (; i < count; i++) dst[i] = src[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddTo(float* src, float* dst, int count)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8) Vector256.Store(Vector256.Load(dst + i) + Vector256.Load(src + i), dst + i);
        }
        for (; i < count; i++) dst[i] += src[i];
    }
}
