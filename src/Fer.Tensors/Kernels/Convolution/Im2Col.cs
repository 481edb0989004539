using System.Numerics.Tensors;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// Unfolds one image group into the im2col matrix [InC/Groups * KH * KW, OutH * OutW] (row
/// (c*KH + kh)*KW + kw holds the input pixel each output position reads through that kernel tap,
/// zero where it falls in the padding), and folds such a matrix back by accumulation (col2im, the
/// adjoint). Both work on a channel range so callers can split channels across threads.
/// </summary>
internal static class Im2Col
{
    /// <summary>Writes rows of channels [channelStart, channelEnd) of <paramref name="col"/> from <paramref name="image"/> (the group's channels, [InC/Groups, InH, InW]).</summary>
    internal static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, int channelStart, int channelEnd, Span<float> col)
        => Unfold(image, g, channelStart, channelEnd, col, g.OutPlane);

    /// <summary>
    /// As <see cref="Unfold(ReadOnlySpan{float}, in ConvGeometry, int, int, Span{float})"/>, with row r of the
    /// matrix at col[r * <paramref name="ld"/>] (so several images can sit side by side in one matrix).
    /// </summary>
    internal static void Unfold(ReadOnlySpan<float> image, in ConvGeometry g, int channelStart, int channelEnd, Span<float> col, int ld)
    {
        int outPlane = ld, outW = g.OutW;
        for (int c = channelStart; c < channelEnd; c++)
        {
            ReadOnlySpan<float> plane = image.Slice(c * g.InPlane, g.InPlane);
            for (int kh = 0; kh < g.KH; kh++)
            {
                for (int kw = 0; kw < g.KW; kw++)
                {
                    int row = (c * g.KH + kh) * g.KW + kw;
                    Span<float> dstRow = col.Slice(row * outPlane, g.OutPlane);
                    int iw0 = kw * g.DilationW - g.PadLeft;
                    var (lo, hi) = ValidRange(g.OutW, g.StrideW, iw0, g.InW);
                    for (int oh = 0; oh < g.OutH; oh++)
                    {
                        Span<float> dst = dstRow.Slice(oh * outW, outW);
                        int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                        if ((uint)ih >= (uint)g.InH)
                        {
                            dst.Clear();
                            continue;
                        }
                        ReadOnlySpan<float> src = plane.Slice(ih * g.InW, g.InW);
                        dst[..lo].Clear();
                        dst[hi..].Clear();
                        if (g.StrideW == 1)
                        {
                            src.Slice(lo + iw0, hi - lo).CopyTo(dst[lo..hi]);
                        }
                        else
                        {
                            for (int ow = lo; ow < hi; ow++) dst[ow] = src[ow * g.StrideW + iw0];
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
    internal static void FoldAdd(ReadOnlySpan<float> col, in ConvGeometry g, int channelStart, int channelEnd, Span<float> image, int ld)
    {
        int outPlane = ld, outW = g.OutW;
        for (int c = channelStart; c < channelEnd; c++)
        {
            Span<float> plane = image.Slice(c * g.InPlane, g.InPlane);
            for (int kh = 0; kh < g.KH; kh++)
            {
                for (int kw = 0; kw < g.KW; kw++)
                {
                    int row = (c * g.KH + kh) * g.KW + kw;
                    ReadOnlySpan<float> srcRow = col.Slice(row * outPlane, g.OutPlane);
                    int iw0 = kw * g.DilationW - g.PadLeft;
                    var (lo, hi) = ValidRange(g.OutW, g.StrideW, iw0, g.InW);
                    if (hi <= lo) continue;
                    for (int oh = 0; oh < g.OutH; oh++)
                    {
                        int ih = oh * g.StrideH - g.PadTop + kh * g.DilationH;
                        if ((uint)ih >= (uint)g.InH) continue;
                        ReadOnlySpan<float> src = srcRow.Slice(oh * outW, outW);
                        Span<float> dst = plane.Slice(ih * g.InW, g.InW);
                        if (g.StrideW == 1)
                        {
                            Span<float> d = dst.Slice(lo + iw0, hi - lo);
                            TensorPrimitives.Add(d, src[lo..hi], d);
                        }
                        else
                        {
                            for (int ow = lo; ow < hi; ow++) dst[ow * g.StrideW + iw0] += src[ow];
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
}
