using System.Numerics.Tensors;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Pooling;

/// <summary>
/// Adaptive average pooling over NCHW planes with PyTorch's bins: output i along an axis of input
/// size n and output size m averages [floor(i*n/m), ceil((i+1)*n/m)), so neighbouring bins may
/// overlap when m does not divide n. A 1x1 output (global average pooling) is a plain vector sum.
/// </summary>
internal static class AdaptiveAvgPool2dKernel
{
    /// <summary>Writes every element of <paramref name="y"/> ([planes, outH, outW]).</summary>
    internal static void Forward(ReadOnlyMemory<float> x, Memory<float> y, int planes, int inH, int inW, int outH, int outW)
    {
        int inPlane = inH * inW, outPlane = outH * outW;
        if (outPlane == 1)
        {
            Parallelism.For(planes, Math.Max(1, 16384 / Math.Max(1, inPlane)), (start, end) =>
            {
                ReadOnlySpan<float> xs = x.Span;
                Span<float> ys = y.Span;
                for (int p = start; p < end; p++) ys[p] = TensorPrimitives.Sum(xs.Slice(p * inPlane, inPlane)) / inPlane;
            });
            return;
        }
        var rows = Bins(inH, outH);
        var cols = Bins(inW, outW);
        Parallelism.For(planes, Math.Max(1, 16384 / Math.Max(1, inPlane)), (start, end) =>
        {
            ReadOnlySpan<float> xs = x.Span;
            Span<float> ys = y.Span;
            for (int p = start; p < end; p++)
            {
                ReadOnlySpan<float> plane = xs.Slice(p * inPlane, inPlane);
                int o = p * outPlane;
                foreach (var (h0, h1) in rows)
                {
                    foreach (var (w0, w1) in cols)
                    {
                        float sum = 0;
                        for (int ih = h0; ih < h1; ih++) sum += TensorPrimitives.Sum(plane.Slice(ih * inW + w0, w1 - w0));
                        ys[o++] = sum / ((h1 - h0) * (w1 - w0));
                    }
                }
            }
        });
    }

    /// <summary>dx[bin] += dy / bin area; writes every element of <paramref name="dx"/>.</summary>
    internal static void Backward(ReadOnlyMemory<float> dy, Memory<float> dx, int planes, int inH, int inW, int outH, int outW)
    {
        int inPlane = inH * inW, outPlane = outH * outW;
        var rows = Bins(inH, outH);
        var cols = Bins(inW, outW);
        Parallelism.For(planes, Math.Max(1, 16384 / Math.Max(1, inPlane)), (start, end) =>
        {
            ReadOnlySpan<float> dys = dy.Span;
            Span<float> dxs = dx.Span;
            for (int p = start; p < end; p++)
            {
                Span<float> plane = dxs.Slice(p * inPlane, inPlane);
                if (outPlane == 1)
                {
                    plane.Fill(dys[p] / inPlane);
                    continue;
                }
                plane.Clear();
                int o = p * outPlane;
                foreach (var (h0, h1) in rows)
                {
                    foreach (var (w0, w1) in cols)
                    {
                        float share = dys[o++] / ((h1 - h0) * (w1 - w0));
                        for (int ih = h0; ih < h1; ih++)
                        {
                            Span<float> row = plane.Slice(ih * inW + w0, w1 - w0);
                            TensorPrimitives.Add(row, share, row);
                        }
                    }
                }
            }
        });
    }

    /// <summary>PyTorch's adaptive bins [floor(i*n/m), ceil((i+1)*n/m)).</summary>
    internal static (int Start, int End)[] Bins(int inSize, int outSize)
    {
        var bins = new (int, int)[outSize];
        for (int i = 0; i < outSize; i++)
        {
            int start = (int)((long)i * inSize / outSize);
            int end = (int)(((long)(i + 1) * inSize + outSize - 1) / outSize);
            bins[i] = (start, end);
        }
        return bins;
    }
}
