using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Pooling;

/// <summary>
/// Nearest and bilinear resampling of NCHW planes with PyTorch's (1.13) coordinate conventions,
/// computed in float as PyTorch's CPU kernels do. It lives beside pooling because both map one
/// spatial grid onto another plane by plane. <c>scale</c> is the user's scale factor along an axis
/// (0 when the output size was given): PyTorch then maps coordinates with 1/scale, else in/out.
/// </summary>
internal static class UpsampleKernel
{
    /// <summary>Nearest source index per output index: out == in is identity, out == 2*in halves, else min(floor(dst * s), in - 1).</summary>
    internal static int[] NearestIndices(int inSize, int outSize, double scale)
    {
        var idx = new int[outSize];
        float s = MappingScale(inSize, outSize, scale);
        for (int i = 0; i < outSize; i++)
        {
            idx[i] = outSize == inSize ? i
                : outSize == 2 * inSize ? i >> 1
                : Math.Min((int)MathF.Floor(i * s), inSize - 1);
        }
        return idx;
    }

    /// <summary>
    /// Bilinear taps per output index: lower source index, step to the upper one (0 at the last
    /// row), and the weight of the upper one. align_corners maps ends to ends with (in-1)/(out-1);
    /// otherwise half-pixel centres src = s*(dst + 0.5) - 0.5 clamped at 0.
    /// </summary>
    internal static (int Index, int Step, float Lambda)[] LinearTaps(int inSize, int outSize, double scale, bool alignCorners)
    {
        var taps = new (int, int, float)[outSize];
        float s = alignCorners ? (outSize > 1 ? (float)(inSize - 1) / (outSize - 1) : 0f) : MappingScale(inSize, outSize, scale);
        for (int i = 0; i < outSize; i++)
        {
            float src = alignCorners ? s * i : Math.Max(s * (i + 0.5f) - 0.5f, 0f);
            int lo = (int)src;
            int step = lo < inSize - 1 ? 1 : 0;
            taps[i] = (lo, step, src - lo);
        }
        return taps;
    }

    internal static void NearestForward(ReadOnlyMemory<float> x, Memory<float> y, int planes, int inH, int inW, int[] rows, int[] cols)
    {
        int inPlane = inH * inW, outW = cols.Length, outPlane = rows.Length * outW;
        Parallelism.For(planes, MinPlanes(outPlane), (start, end) =>
        {
            ReadOnlySpan<float> xs = x.Span;
            Span<float> ys = y.Span;
            for (int p = start; p < end; p++)
            {
                ReadOnlySpan<float> plane = xs.Slice(p * inPlane, inPlane);
                Span<float> outPlaneSpan = ys.Slice(p * outPlane, outPlane);
                for (int oh = 0; oh < rows.Length; oh++)
                {
                    ReadOnlySpan<float> src = plane.Slice(rows[oh] * inW, inW);
                    Span<float> dst = outPlaneSpan.Slice(oh * outW, outW);
                    for (int ow = 0; ow < outW; ow++) dst[ow] = src[cols[ow]];
                }
            }
        });
    }

    internal static void NearestBackward(ReadOnlyMemory<float> dy, Memory<float> dx, int planes, int inH, int inW, int[] rows, int[] cols)
    {
        int inPlane = inH * inW, outW = cols.Length, outPlane = rows.Length * outW;
        Parallelism.For(planes, MinPlanes(outPlane), (start, end) =>
        {
            ReadOnlySpan<float> dys = dy.Span;
            Span<float> dxs = dx.Span;
            for (int p = start; p < end; p++)
            {
                Span<float> plane = dxs.Slice(p * inPlane, inPlane);
                plane.Clear();
                ReadOnlySpan<float> gradPlane = dys.Slice(p * outPlane, outPlane);
                for (int oh = 0; oh < rows.Length; oh++)
                {
                    Span<float> dst = plane.Slice(rows[oh] * inW, inW);
                    ReadOnlySpan<float> src = gradPlane.Slice(oh * outW, outW);
                    for (int ow = 0; ow < outW; ow++) dst[cols[ow]] += src[ow];
                }
            }
        });
    }

    internal static void BilinearForward(ReadOnlyMemory<float> x, Memory<float> y, int planes, int inH, int inW,
        (int Index, int Step, float Lambda)[] rows, (int Index, int Step, float Lambda)[] cols)
    {
        int inPlane = inH * inW, outW = cols.Length, outPlane = rows.Length * outW;
        Parallelism.For(planes, MinPlanes(outPlane), (start, end) =>
        {
            ReadOnlySpan<float> xs = x.Span;
            Span<float> ys = y.Span;
            for (int p = start; p < end; p++)
            {
                ReadOnlySpan<float> plane = xs.Slice(p * inPlane, inPlane);
                int o = p * outPlane;
                foreach (var (h, hStep, hl) in rows)
                {
                    ReadOnlySpan<float> top = plane.Slice(h * inW, inW);
                    ReadOnlySpan<float> bottom = plane.Slice((h + hStep) * inW, inW);
                    foreach (var (w, wStep, wl) in cols)
                    {
                        float upper = (1 - wl) * top[w] + wl * top[w + wStep];
                        float lower = (1 - wl) * bottom[w] + wl * bottom[w + wStep];
                        ys[o++] = (1 - hl) * upper + hl * lower;
                    }
                }
            }
        });
    }

    internal static void BilinearBackward(ReadOnlyMemory<float> dy, Memory<float> dx, int planes, int inH, int inW,
        (int Index, int Step, float Lambda)[] rows, (int Index, int Step, float Lambda)[] cols)
    {
        int inPlane = inH * inW, outW = cols.Length, outPlane = rows.Length * outW;
        Parallelism.For(planes, MinPlanes(outPlane), (start, end) =>
        {
            ReadOnlySpan<float> dys = dy.Span;
            Span<float> dxs = dx.Span;
            for (int p = start; p < end; p++)
            {
                Span<float> plane = dxs.Slice(p * inPlane, inPlane);
                plane.Clear();
                int o = p * outPlane;
                foreach (var (h, hStep, hl) in rows)
                {
                    int top = h * inW, bottom = (h + hStep) * inW;
                    foreach (var (w, wStep, wl) in cols)
                    {
                        float d = dys[o++];
                        float upper = (1 - hl) * d, lower = hl * d;
                        plane[top + w] += (1 - wl) * upper;
                        plane[top + w + wStep] += wl * upper;
                        plane[bottom + w] += (1 - wl) * lower;
                        plane[bottom + w + wStep] += wl * lower;
                    }
                }
            }
        });
    }

    /// <summary>PyTorch's compute_scales_value: 1/scale when a positive scale factor was given, else in/out (in float).</summary>
    private static float MappingScale(int inSize, int outSize, double scale)
        => scale > 0 ? (float)(1.0 / scale) : (float)inSize / outSize;

    private static int MinPlanes(int outPlane) => Math.Max(1, 16384 / Math.Max(1, outPlane));
}
