using System.Numerics.Tensors;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// The fast 2-D convolution (NCHW, cross-correlation as in PyTorch): per image and group, im2col
/// into a reused per-thread buffer, then one GEMM Y[OutC/G, OH*OW] = W[OutC/G, C/G*KH*KW] * col.
/// Images run in parallel (each GEMM single-threaded) when the batch covers the thread count;
/// otherwise images run in turn with a multithreaded GEMM and im2col split over channels.
/// 1x1 stride-1 unpadded convs use the input as the matrix; depthwise convs go to
/// <see cref="DepthwiseConv2dKernel"/>. Arrays are contiguous row-major; results are
/// bit-identical for a fixed <see cref="Parallelism.ThreadCount"/>.
/// <see cref="Conv2dReference"/> is the plain twin that tests hold this to.
/// </summary>
internal static class Conv2dKernel
{
    /// <summary>y = conv(x, w) + bias; writes every element of <paramref name="y"/>. <paramref name="bias"/> empty means none.</summary>
    internal static void Forward(ReadOnlyMemory<float> x, ReadOnlyMemory<float> w, ReadOnlyMemory<float> bias, Memory<float> y, ConvGeometry g)
    {
        g.AssertValid();
        if (g.IsDepthwise)
        {
            DepthwiseConv2dKernel.Forward(x, w, bias, y, g);
            return;
        }
        ForEachImage(g.N, (n, threads) =>
        {
            Span<float> yImage = y.Span.Slice(n * g.OutImage, g.OutImage);
            ReadOnlySpan<float> biasSpan = bias.Span;
            for (int oc = 0; oc < biasSpan.Length; oc++) yImage.Slice(oc * g.OutPlane, g.OutPlane).Fill(biasSpan[oc]);
            float beta = bias.IsEmpty ? 0f : 1f;
            float[]? col = g.IsPointwise ? null : ConvScratch.Columns(g.ColRows * g.OutPlane);
            for (int grp = 0; grp < g.Groups; grp++)
            {
                ReadOnlyMemory<float> xGroup = x.Slice(n * g.InImage + grp * g.InCPerGroup * g.InPlane, g.InCPerGroup * g.InPlane);
                ReadOnlySpan<float> matrix = col is null ? xGroup.Span : Unfold(xGroup, g, col, threads);
                Gemm.Multiply(false, false, g.OutCPerGroup, g.OutPlane, g.ColRows, 1f,
                    w.Span.Slice(grp * g.OutCPerGroup * g.ColRows, g.OutCPerGroup * g.ColRows), g.ColRows,
                    matrix, g.OutPlane, beta,
                    yImage.Slice(grp * g.OutCPerGroup * g.OutPlane, g.OutCPerGroup * g.OutPlane), g.OutPlane, threads);
            }
        });
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
        ForEachImage(g.N, (n, threads) =>
        {
            Memory<float> dxImage = dx.Slice(n * g.InImage, g.InImage);
            float[]? dcol = g.IsPointwise ? null : ConvScratch.GradientColumns(g.ColRows * g.OutPlane);
            if (dcol is not null) dxImage.Span.Clear();
            for (int grp = 0; grp < g.Groups; grp++)
            {
                ReadOnlySpan<float> wGroup = w.Span.Slice(grp * g.OutCPerGroup * g.ColRows, g.OutCPerGroup * g.ColRows);
                ReadOnlySpan<float> dyGroup = dy.Span.Slice(n * g.OutImage + grp * g.OutCPerGroup * g.OutPlane, g.OutCPerGroup * g.OutPlane);
                Memory<float> dxGroup = dxImage.Slice(grp * g.InCPerGroup * g.InPlane, g.InCPerGroup * g.InPlane);
                // Pointwise: the GEMM result is the input gradient itself.
                Span<float> target = dcol is null ? dxGroup.Span : dcol.AsSpan(0, g.ColRows * g.OutPlane);
                Gemm.Multiply(true, false, g.ColRows, g.OutPlane, g.OutCPerGroup, 1f, wGroup, g.ColRows,
                    dyGroup, g.OutPlane, 0f, target, g.OutPlane, threads);
                if (dcol is not null) Fold(dcol, g, dxGroup, threads);
            }
        });
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
        dw.Span.Clear();
        if (g.N == 0) return;
        int chunks = BatchChunks(g.N);
        if (chunks == 1)
        {
            for (int n = 0; n < g.N; n++) AccumulateWeightGradient(x, dy, dw, g, n, beta: n == 0 ? 0f : 1f, threads: 0);
            return;
        }
        var partials = new float[chunks - 1][];
        Parallelism.For(chunks, 1, (cs, ce) =>
        {
            for (int c = cs; c < ce; c++)
            {
                Memory<float> target = c == 0 ? dw : (partials[c - 1] = GC.AllocateUninitializedArray<float>(g.WeightSize));
                int start = (int)((long)g.N * c / chunks), end = (int)((long)g.N * (c + 1) / chunks);
                for (int n = start; n < end; n++) AccumulateWeightGradient(x, dy, target, g, n, beta: n == start ? 0f : 1f, threads: 1);
            }
        });
        Span<float> result = dw.Span;
        foreach (float[] partial in partials) TensorPrimitives.Add(result, partial, result);
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

    private static void AccumulateWeightGradient(ReadOnlyMemory<float> x, ReadOnlyMemory<float> dy, Memory<float> target, in ConvGeometry g, int n, float beta, int threads)
    {
        float[]? col = g.IsPointwise ? null : ConvScratch.Columns(g.ColRows * g.OutPlane);
        for (int grp = 0; grp < g.Groups; grp++)
        {
            ReadOnlyMemory<float> xGroup = x.Slice(n * g.InImage + grp * g.InCPerGroup * g.InPlane, g.InCPerGroup * g.InPlane);
            ReadOnlySpan<float> matrix = col is null ? xGroup.Span : Unfold(xGroup, g, col, threads);
            Gemm.Multiply(false, true, g.OutCPerGroup, g.ColRows, g.OutPlane, 1f,
                dy.Span.Slice(n * g.OutImage + grp * g.OutCPerGroup * g.OutPlane, g.OutCPerGroup * g.OutPlane), g.OutPlane,
                matrix, g.OutPlane, beta,
                target.Span.Slice(grp * g.OutCPerGroup * g.ColRows, g.OutCPerGroup * g.ColRows), g.ColRows, threads);
        }
    }

    /// <summary>
    /// Runs body(n, gemmThreads) for every image: batch-parallel with single-threaded GEMMs when
    /// the batch covers the thread count, else in turn with GEMMs using all threads (0).
    /// </summary>
    private static void ForEachImage(int count, Action<int, int> body)
    {
        int chunks = BatchChunks(count);
        if (chunks == 1)
        {
            for (int n = 0; n < count; n++) body(n, 0);
            return;
        }
        Parallelism.For(count, 1, (start, end) =>
        {
            for (int n = start; n < end; n++) body(n, 1);
        });
    }

    /// <summary>Number of image chunks run in parallel: the thread count when the batch covers it, else 1.</summary>
    private static int BatchChunks(int count)
    {
        int threads = Parallelism.ThreadCount;
        return threads > 1 && count >= threads ? threads : 1;
    }

    private static ReadOnlySpan<float> Unfold(ReadOnlyMemory<float> xGroup, ConvGeometry g, float[] col, int threads)
    {
        int length = g.ColRows * g.OutPlane;
        if (threads == 1 || g.InCPerGroup == 1)
        {
            Im2Col.Unfold(xGroup.Span, g, 0, g.InCPerGroup, col.AsSpan(0, length));
        }
        else
        {
            Parallelism.For(g.InCPerGroup, 4, (cs, ce) => Im2Col.Unfold(xGroup.Span, g, cs, ce, col.AsSpan(0, length)));
        }
        return col.AsSpan(0, length);
    }

    private static void Fold(float[] dcol, ConvGeometry g, Memory<float> dxGroup, int threads)
    {
        int length = g.ColRows * g.OutPlane;
        if (threads == 1 || g.InCPerGroup == 1)
        {
            Im2Col.FoldAdd(dcol.AsSpan(0, length), g, 0, g.InCPerGroup, dxGroup.Span);
        }
        else
        {
            Parallelism.For(g.InCPerGroup, 4, (cs, ce) => Im2Col.FoldAdd(dcol.AsSpan(0, length), g, cs, ce, dxGroup.Span));
        }
    }
}
