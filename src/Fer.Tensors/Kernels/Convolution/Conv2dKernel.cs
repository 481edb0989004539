using System.Numerics.Tensors;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// The fast 2-D convolution (NCHW, cross-correlation as in PyTorch): im2col into reused per-thread
/// buffers, then GEMM. Images are taken in runs of several (see <see cref="ImagesPerRun"/>) whose
/// unfolded columns sit side by side, so each GEMM is wide enough to amortise packing the weights
/// (layers with small planes, e.g. 7x7 or 4x4, would otherwise repack the whole weight matrix per
/// image): Y[OutC/G, run*OH*OW] = W[OutC/G, C/G*KH*KW] * col. Runs are split over threads (each GEMM
/// single-threaded) when the batch covers the thread count; otherwise images run in turn with a
/// multithreaded GEMM and im2col split over channels. Depthwise convs go to
/// <see cref="DepthwiseConv2dKernel"/>; dense ones without dilation, and the input gradient of stride-1
/// ones, to the direct blocked kernel (<see cref="DirectConv2d"/>), which needs no im2col. Arrays are contiguous row-major; results are bit-identical
/// for a fixed <see cref="Parallelism.ThreadCount"/>. <see cref="Conv2dReference"/> is the plain
/// twin that tests hold this to.
/// </summary>
internal static class Conv2dKernel
{
    /// <summary>Runs aim for at least this many GEMM columns (images x OH*OW).</summary>
    internal static int MinRunColumns = 1024;

    /// <summary>Runs stay below this many floats of unfolded columns (per thread), to keep scratch memory modest.</summary>
    internal static int MaxRunColumnFloats = 3 << 19;

    /// <summary>y = conv(x, w) + bias; writes every element of <paramref name="y"/>. <paramref name="bias"/> empty means none.</summary>
    internal static void Forward(ReadOnlyMemory<float> x, ReadOnlyMemory<float> w, ReadOnlyMemory<float> bias, Memory<float> y, ConvGeometry g)
    {
        g.AssertValid();
        if (g.IsDepthwise)
        {
            DepthwiseConv2dKernel.Forward(x, w, bias, y, g);
            return;
        }
        if (DirectConv2d.Supports(g))
        {
            DirectConv2d.Forward(x.Span, w.Span, bias.Span, y.Span, g);
            return;
        }
        ForEachRun(g, (n0, count, threads) => ForwardRun(x, w, bias, y, g, n0, count, threads));
    }

    /// <summary>dx = W^T dy folded back by col2im; writes every element of <paramref name="dx"/>.</summary>
    internal static void BackwardInput(ReadOnlyMemory<float> dy, ReadOnlyMemory<float> w, Memory<float> dx, ConvGeometry g)
    {
        g.AssertValid();
        if (g.IsDepthwise)
        {
            DepthwiseConv2dKernel.BackwardInput(dy, w, dx, g);
            return;
        }
        if (DirectConv2d.SupportsInputGradient(g))
        {
            DirectConv2d.BackwardInput(dy.Span, w.Span, dx.Span, g);
            return;
        }
        ForEachRun(g, (n0, count, threads) => BackwardInputRun(dy, w, dx, g, n0, count, threads));
    }

    /// <summary>
    /// dw = sum over images of dy * col^T; writes every element of <paramref name="dw"/>. In the
    /// batch-parallel case each chunk of images sums into its own buffer and the chunks are added in
    /// chunk order, so the result does not depend on scheduling.
    /// </summary>
    internal static void BackwardWeight(ReadOnlyMemory<float> x, ReadOnlyMemory<float> dy, Memory<float> dw, ConvGeometry g)
    {
        g.AssertValid();
        if (g.IsDepthwise)
        {
            DepthwiseConv2dKernel.BackwardWeight(x, dy, dw, g);
            return;
        }
        if (DirectConv2d.SupportsWeightGradient(g))
        {
            DirectConv2d.BackwardWeight(x.Span, dy.Span, dw.Span, g);
            return;
        }
        dw.Span.Clear();
        if (g.N == 0) return;
        int chunks = BatchChunks(g.N);
        if (chunks == 1)
        {
            int run = ImagesPerRun(g, g.N);
            for (int n = 0; n < g.N; n += run) AccumulateWeightGradient(x, dy, dw, g, n, Math.Min(run, g.N - n), beta: n == 0 ? 0f : 1f, threads: 0);
            return;
        }
        var partials = new float[chunks - 1][];
        Parallelism.For(chunks, 1, (cs, ce) =>
        {
            for (int c = cs; c < ce; c++)
            {
                Memory<float> target = c == 0 ? dw : (partials[c - 1] = Memory.StoragePool.Shared.Rent(g.WeightSize)).AsMemory(0, g.WeightSize);
                int start = (int)((long)g.N * c / chunks), end = (int)((long)g.N * (c + 1) / chunks);
                int run = ImagesPerRun(g, end - start);
                for (int n = start; n < end; n += run)
                    AccumulateWeightGradient(x, dy, target, g, n, Math.Min(run, end - n), beta: n == start ? 0f : 1f, threads: 1);
            }
        });
        Span<float> result = dw.Span;
        foreach (float[] partial in partials)
        {
            TensorPrimitives.Add(result, partial.AsSpan(0, result.Length), result);
            Memory.StoragePool.Shared.Return(partial);
        }
    }

    /// <summary>db[oc] = sum of dy over images and positions, in a fixed order.</summary>
    internal static void BackwardBias(ReadOnlyMemory<float> dy, Memory<float> db, int n, int channels, int plane)
    {
        Parallelism.For(channels, 64, (cs, ce) =>
        {
            ReadOnlySpan<float> d = dy.Span;
            Span<float> b = db.Span;
            for (int c = cs; c < ce; c++)
            {
                float sum = 0;
                for (int i = 0; i < n; i++) sum += TensorPrimitives.Sum(d.Slice((i * channels + c) * plane, plane));
                b[c] = sum;
            }
        });
    }

    /// <summary>
    /// How many images to unfold side by side: enough for <see cref="MinRunColumns"/> GEMM columns,
    /// at most <paramref name="available"/>, and within <see cref="MaxRunColumnFloats"/> of scratch.
    /// </summary>
    internal static int ImagesPerRun(in ConvGeometry g, int available)
    {
        int plane = Math.Max(1, g.OutPlane);
        int run = Math.Clamp((MinRunColumns + plane - 1) / plane, 1, Math.Max(1, available));
        long perImage = Math.Max(1L, (long)g.ColRows * plane);
        while (run > 1 && perImage * run > MaxRunColumnFloats) run--;
        return run;
    }

    private static void ForwardRun(ReadOnlyMemory<float> x, ReadOnlyMemory<float> w, ReadOnlyMemory<float> bias, Memory<float> y, in ConvGeometry g, int n0, int count, int threads)
    {
        int plane = g.OutPlane, cols = count * plane;
        ReadOnlySpan<float> biasSpan = bias.Span;
        // One image, and no unfolding needed or output to scatter: the GEMM reads x and writes y in place.
        bool direct = count == 1;
        float[]? col = direct && g.IsPointwise ? null : ConvScratch.Columns(g.ColRows * cols);
        float[]? output = direct ? null : ConvScratch.Rows(g.OutCPerGroup * cols);
        if (direct)
        {
            Span<float> yImage = y.Span.Slice(n0 * g.OutImage, g.OutImage);
            for (int oc = 0; oc < biasSpan.Length; oc++) yImage.Slice(oc * plane, plane).Fill(biasSpan[oc]);
        }
        for (int grp = 0; grp < g.Groups; grp++)
        {
            ReadOnlySpan<float> matrix = col is null
                ? x.Span.Slice(n0 * g.InImage + grp * g.InCPerGroup * g.InPlane, g.InCPerGroup * g.InPlane)
                : UnfoldRun(x, g, grp, n0, count, col, threads);
            ReadOnlySpan<float> wGroup = w.Span.Slice(grp * g.OutCPerGroup * g.ColRows, g.OutCPerGroup * g.ColRows);
            if (direct)
            {
                Span<float> yGroup = y.Span.Slice(n0 * g.OutImage + grp * g.OutCPerGroup * plane, g.OutCPerGroup * plane);
                Gemm.Multiply(false, false, g.OutCPerGroup, plane, g.ColRows, 1f, wGroup, g.ColRows, matrix, plane, bias.IsEmpty ? 0f : 1f, yGroup, plane, threads);
                continue;
            }
            Gemm.Multiply(false, false, g.OutCPerGroup, cols, g.ColRows, 1f, wGroup, g.ColRows, matrix, cols, 0f, output, cols, threads);
            Span<float> ys = y.Span;
            for (int i = 0; i < count; i++)
            {
                for (int oc = 0; oc < g.OutCPerGroup; oc++)
                {
                    ReadOnlySpan<float> src = output.AsSpan(oc * cols + i * plane, plane);
                    int channel = grp * g.OutCPerGroup + oc;
                    Span<float> dst = ys.Slice((n0 + i) * g.OutImage + channel * plane, plane);
                    if (biasSpan.IsEmpty) src.CopyTo(dst);
                    else TensorPrimitives.Add(src, biasSpan[channel], dst);
                }
            }
        }
    }

    private static void BackwardInputRun(ReadOnlyMemory<float> dy, ReadOnlyMemory<float> w, Memory<float> dx, in ConvGeometry g, int n0, int count, int threads)
    {
        int plane = g.OutPlane, cols = count * plane;
        bool single = count == 1;
        float[]? dcol = single && g.IsPointwise ? null : ConvScratch.GradientColumns(g.ColRows * cols);
        float[]? gathered = single ? null : ConvScratch.Rows(g.OutCPerGroup * cols);
        if (dcol is not null) dx.Span.Slice(n0 * g.InImage, count * g.InImage).Clear();
        for (int grp = 0; grp < g.Groups; grp++)
        {
            ReadOnlySpan<float> wGroup = w.Span.Slice(grp * g.OutCPerGroup * g.ColRows, g.OutCPerGroup * g.ColRows);
            ReadOnlySpan<float> dyGroup = gathered is null
                ? dy.Span.Slice(n0 * g.OutImage + grp * g.OutCPerGroup * plane, g.OutCPerGroup * plane)
                : GatherRows(dy.Span, g, grp, n0, count, gathered);
            // Pointwise, one image: the GEMM result is the input gradient itself.
            Span<float> target = dcol is null
                ? dx.Span.Slice(n0 * g.InImage + grp * g.InCPerGroup * g.InPlane, g.InCPerGroup * g.InPlane)
                : dcol.AsSpan(0, g.ColRows * cols);
            Gemm.Multiply(true, false, g.ColRows, cols, g.OutCPerGroup, 1f, wGroup, g.ColRows, dyGroup, cols, 0f, target, cols, threads);
            if (dcol is null) continue;
            for (int i = 0; i < count; i++)
            {
                Memory<float> dxGroup = dx.Slice((n0 + i) * g.InImage + grp * g.InCPerGroup * g.InPlane, g.InCPerGroup * g.InPlane);
                Fold(dcol, i * plane, cols, g, dxGroup, threads);
            }
        }
    }

    private static void AccumulateWeightGradient(ReadOnlyMemory<float> x, ReadOnlyMemory<float> dy, Memory<float> target, in ConvGeometry g, int n0, int count, float beta, int threads)
    {
        int plane = g.OutPlane, cols = count * plane;
        bool single = count == 1;
        float[]? col = single && g.IsPointwise ? null : ConvScratch.Columns(g.ColRows * cols);
        float[]? gathered = single ? null : ConvScratch.Rows(g.OutCPerGroup * cols);
        for (int grp = 0; grp < g.Groups; grp++)
        {
            ReadOnlySpan<float> matrix = col is null
                ? x.Span.Slice(n0 * g.InImage + grp * g.InCPerGroup * g.InPlane, g.InCPerGroup * g.InPlane)
                : UnfoldRun(x, g, grp, n0, count, col, threads);
            ReadOnlySpan<float> dyGroup = gathered is null
                ? dy.Span.Slice(n0 * g.OutImage + grp * g.OutCPerGroup * plane, g.OutCPerGroup * plane)
                : GatherRows(dy.Span, g, grp, n0, count, gathered);
            Gemm.Multiply(false, true, g.OutCPerGroup, g.ColRows, cols, 1f, dyGroup, cols, matrix, cols, beta,
                target.Span.Slice(grp * g.OutCPerGroup * g.ColRows, g.OutCPerGroup * g.ColRows), g.ColRows, threads);
        }
    }

    /// <summary>
    /// Runs body(firstImage, images, gemmThreads) over runs of images: runs split over threads with
    /// single-threaded GEMMs when the batch covers the thread count (or there is one thread), else one
    /// image at a time with GEMMs using all threads (0).
    /// </summary>
    private static void ForEachRun(ConvGeometry g, Action<int, int, int> body)
    {
        if (Parallelism.ThreadCount == 1)
        {
            int run = ImagesPerRun(g, g.N);
            for (int n = 0; n < g.N; n += run) body(n, Math.Min(run, g.N - n), 1);
            return;
        }
        if (BatchChunks(g.N) == 1)
        {
            for (int n = 0; n < g.N; n++) body(n, 1, 0);
            return;
        }
        Parallelism.For(g.N, 1, (start, end) =>
        {
            int run = ImagesPerRun(g, end - start);
            for (int n = start; n < end; n += run) body(n, Math.Min(run, end - n), 1);
        });
    }

    /// <summary>Number of image chunks run in parallel: the thread count when the batch covers it, else 1.</summary>
    private static int BatchChunks(int count)
    {
        int threads = Parallelism.ThreadCount;
        return threads > 1 && count >= threads ? threads : 1;
    }

    /// <summary>Unfolds group <paramref name="grp"/> of images [n0, n0+count) side by side into col ([ColRows, count*OH*OW]).</summary>
    private static ReadOnlySpan<float> UnfoldRun(ReadOnlyMemory<float> x, ConvGeometry g, int grp, int n0, int count, float[] col, int threads)
    {
        int cols = count * g.OutPlane, length = g.ColRows * cols;
        for (int i = 0; i < count; i++)
        {
            ReadOnlyMemory<float> image = x.Slice((n0 + i) * g.InImage + grp * g.InCPerGroup * g.InPlane, g.InCPerGroup * g.InPlane);
            int offset = i * g.OutPlane;
            if (threads == 1 || g.InCPerGroup == 1)
            {
                Im2Col.Unfold(image.Span, g, 0, g.InCPerGroup, col.AsSpan(offset, length - offset), cols);
            }
            else
            {
                Parallelism.For(g.InCPerGroup, 4, (cs, ce) => Im2Col.Unfold(image.Span, g, cs, ce, col.AsSpan(offset, length - offset), cols));
            }
        }
        return col.AsSpan(0, length);
    }

    /// <summary>Copies the output-gradient rows of group <paramref name="grp"/> of images [n0, n0+count) side by side: [OutC/G, count*OH*OW].</summary>
    private static ReadOnlySpan<float> GatherRows(ReadOnlySpan<float> dy, in ConvGeometry g, int grp, int n0, int count, float[] gathered)
    {
        int plane = g.OutPlane, cols = count * plane;
        for (int i = 0; i < count; i++)
        {
            for (int oc = 0; oc < g.OutCPerGroup; oc++)
            {
                dy.Slice((n0 + i) * g.OutImage + (grp * g.OutCPerGroup + oc) * plane, plane).CopyTo(gathered.AsSpan(oc * cols + i * plane, plane));
            }
        }
        return gathered.AsSpan(0, g.OutCPerGroup * cols);
    }

    private static void Fold(float[] dcol, int offset, int ld, ConvGeometry g, Memory<float> dxGroup, int threads)
    {
        int length = g.ColRows * ld;
        if (threads == 1 || g.InCPerGroup == 1)
        {
            Im2Col.FoldAdd(dcol.AsSpan(offset, length - offset), g, 0, g.InCPerGroup, dxGroup.Span, ld);
        }
        else
        {
            Parallelism.For(g.InCPerGroup, 4, (cs, ce) => Im2Col.FoldAdd(dcol.AsSpan(offset, length - offset), g, cs, ce, dxGroup.Span, ld));
        }
    }
}
