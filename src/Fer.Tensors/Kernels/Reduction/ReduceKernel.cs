using System.Numerics.Tensors;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Reduction;

/// <summary>
/// Sum, max and min along one dimension of a contiguous tensor viewed as [outer, reduced, inner].
/// The summation order is fixed (independent of the thread count), so results are reproducible.
/// </summary>
internal static class ReduceKernel
{
    internal static (int Outer, int Reduced, int Inner) Split(ReadOnlySpan<int> shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < dim; d++) outer *= shape[d];
        for (int d = dim + 1; d < shape.Length; d++) inner *= shape[d];
        return (outer, shape[dim], inner);
    }

    /// <summary>Sums src[outer, reduced, inner] over the middle axis into dst[outer, inner].</summary>
    internal static void Sum(float[] src, int srcOffset, int outer, int reduced, int inner, float[] dst, int dstOffset)
    {
        if (inner == 1)
        {
            Parallelism.For(outer, Math.Max(1, 4096 / Math.Max(reduced, 1)), (s, e) =>
            {
                for (int o = s; o < e; o++) dst[dstOffset + o] = TensorPrimitives.Sum(src.AsSpan(srcOffset + o * reduced, reduced));
            });
            return;
        }
        Parallelism.For(outer, Math.Max(1, 4096 / Math.Max(reduced * inner, 1)), (s, e) =>
        {
            for (int o = s; o < e; o++)
            {
                Span<float> d = dst.AsSpan(dstOffset + o * inner, inner);
                int baseIndex = srcOffset + o * reduced * inner;
                if (reduced == 0) { d.Clear(); continue; }
                src.AsSpan(baseIndex, inner).CopyTo(d);
                for (int r = 1; r < reduced; r++) TensorPrimitives.Add(d, src.AsSpan(baseIndex + r * inner, inner), d);
            }
        });
    }

    /// <summary>Max (or min) over the middle axis, with the index of the first extreme element (NaN wins, as in PyTorch).</summary>
    internal static void ArgExtreme(float[] src, int srcOffset, int outer, int reduced, int inner, float[] values, int[] indices, bool max)
    {
        Parallelism.For(outer, Math.Max(1, 4096 / Math.Max(reduced * inner, 1)), (s, e) =>
        {
            for (int o = s; o < e; o++)
            {
                int baseIndex = srcOffset + o * reduced * inner;
                for (int i = 0; i < inner; i++)
                {
                    float best = src[baseIndex + i];
                    int bestIndex = 0;
                    for (int r = 1; r < reduced && !float.IsNaN(best); r++)
                    {
                        float v = src[baseIndex + r * inner + i];
                        if (float.IsNaN(v) || (max ? v > best : v < best))
                        {
                            best = v;
                            bestIndex = r;
                        }
                    }
                    values[o * inner + i] = best;
                    indices[o * inner + i] = bestIndex;
                }
            }
        });
    }
}
