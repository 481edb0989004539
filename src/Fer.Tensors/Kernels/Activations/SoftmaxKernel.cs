using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Activations;

/// <summary>
/// Softmax and log-softmax along the middle axis of a contiguous [outer, n, inner] block, with the
/// maximum subtracted first so large logits neither overflow nor underflow to 0/0. The softmax axis
/// is the last one when inner = 1 (rows), otherwise whole [n, inner] slabs are processed with
/// vectors across inner. Work is split over outer only, so results do not depend on the thread count.
/// </summary>
internal static class SoftmaxKernel
{
    internal static void Forward(float[] x, int xOffset, int outer, int n, int inner, float[] y, int yOffset, bool log)
    {
        if (n == 0 || outer == 0 || inner == 0) return;
        int minPerChunk = Math.Max(1, 16384 / (n * inner));
        if (inner == 1)
        {
            Parallelism.For(outer, minPerChunk, (s, e) =>
            {
                for (int o = s; o < e; o++) Row(x.AsSpan(xOffset + o * n, n), y.AsSpan(yOffset + o * n, n), log);
            });
            return;
        }
        Parallelism.For(outer, minPerChunk, (s, e) =>
        {
            var buffers = new float[3 * inner];
            for (int o = s; o < e; o++)
                Slab(x.AsSpan(xOffset + o * n * inner, n * inner), y.AsSpan(yOffset + o * n * inner, n * inner), n, inner, log, buffers);
        });
    }

    /// <summary>dx from the output gradient g and the saved output y (softmax, or log-softmax when <paramref name="log"/>).</summary>
    internal static void Backward(float[] g, int gOffset, float[] y, int yOffset, int outer, int n, int inner, float[] dx, bool log)
    {
        if (n == 0 || outer == 0 || inner == 0) return;
        int minPerChunk = Math.Max(1, 16384 / (n * inner));
        Parallelism.For(outer, minPerChunk, (s, e) =>
        {
            var buffer = new float[inner];
            for (int o = s; o < e; o++)
            {
                int b = o * n * inner;
                ReadOnlySpan<float> gs = g.AsSpan(gOffset + b, n * inner), ys = y.AsSpan(yOffset + b, n * inner);
                Span<float> ds = dx.AsSpan(b, n * inner);
                if (inner == 1) RowBackward(gs, ys, ds, log);
                else SlabBackward(gs, ys, ds, n, inner, log, buffer);
            }
        });
    }

    private static void Row(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            TensorPrimitives.Subtract(y, MathF.Log(SumExp(y)), y);
        }
        else
        {
            TensorPrimitives.Exp(y, y);
            TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
        }
    }

    private static void RowBackward(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx, bool log)
    {
        if (log)
        {
            // dx = g - softmax * sum(g), softmax = exp(y).
            float sum = TensorPrimitives.Sum(g);
            TensorPrimitives.Exp(y, dx);
            TensorPrimitives.MultiplyAdd(dx, -sum, g, dx);
        }
        else
        {
            // dx = y * (g - <g, y>).
            float dot = TensorPrimitives.Dot(g, y);
            TensorPrimitives.Subtract(g, dot, dx);
            TensorPrimitives.Multiply(dx, y, dx);
        }
    }

    private static void Slab(ReadOnlySpan<float> x, Span<float> y, int n, int inner, bool log, float[] buffers)
    {
        Span<float> max = buffers.AsSpan(0, inner), sum = buffers.AsSpan(inner, inner), tmp = buffers.AsSpan(2 * inner, inner);
        x[..inner].CopyTo(max);
        for (int r = 1; r < n; r++) TensorPrimitives.Max(max, x.Slice(r * inner, inner), max);
        sum.Clear();
        for (int r = 0; r < n; r++)
        {
            Span<float> yr = y.Slice(r * inner, inner);
            TensorPrimitives.Subtract(x.Slice(r * inner, inner), max, yr);
            if (log)
            {
                TensorPrimitives.Exp(yr, tmp);
                TensorPrimitives.Add(sum, tmp, sum);
            }
            else
            {
                TensorPrimitives.Exp(yr, yr);
                TensorPrimitives.Add(sum, yr, sum);
            }
        }
        if (log) TensorPrimitives.Log(sum, sum);
        for (int r = 0; r < n; r++)
        {
            Span<float> yr = y.Slice(r * inner, inner);
            if (log) TensorPrimitives.Subtract(yr, sum, yr);
            else TensorPrimitives.Divide(yr, sum, yr);
        }
    }

    private static void SlabBackward(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx, int n, int inner, bool log, float[] buffer)
    {
        Span<float> acc = buffer.AsSpan(0, inner);
        acc.Clear();
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<float> gr = g.Slice(r * inner, inner);
            if (log) TensorPrimitives.Add(acc, gr, acc);
            else TensorPrimitives.MultiplyAdd(gr, y.Slice(r * inner, inner), acc, acc);
        }
        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<float> gr = g.Slice(r * inner, inner), yr = y.Slice(r * inner, inner);
            Span<float> dr = dx.Slice(r * inner, inner);
            if (log)
            {
                TensorPrimitives.Exp(yr, dr);
                TensorPrimitives.Multiply(dr, acc, dr);
                TensorPrimitives.Subtract(gr, dr, dr);
            }
            else
            {
                TensorPrimitives.Subtract(gr, acc, dr);
                TensorPrimitives.Multiply(dr, yr, dr);
            }
        }
    }

    /// <summary>Sum of e^v over a span, in a fixed order (8 lanes, then the lanes left to right, then the tail).</summary>
    internal static float SumExp(ReadOnlySpan<float> v)
    {
        int k = 0;
        float total = 0f;
        if (Vector256.IsHardwareAccelerated && v.Length >= Vector256<float>.Count)
        {
            ref float r = ref MemoryMarshal.GetReference(v);
            Vector256<float> acc = Vector256<float>.Zero;
            for (; k <= v.Length - Vector256<float>.Count; k += Vector256<float>.Count)
                acc += Vector256.Exp(Vector256.LoadUnsafe(ref r, (nuint)k));
            for (int lane = 0; lane < Vector256<float>.Count; lane++) total += acc[lane];
        }
        for (; k < v.Length; k++) total += MathF.Exp(v[k]);
        return total;
    }
}
