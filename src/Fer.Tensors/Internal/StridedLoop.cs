namespace Fer.Tensors.Internal;

/// <summary>
/// Walks up to three strided operands over one shape, handing the innermost run (length and the
/// three inner strides) to a callback. Adjacent dimensions that are contiguous in every operand are
/// merged first, so a broadcast over [N, C, H, W] by [1, C, 1, 1] costs N*C runs of H*W.
/// </summary>
internal static class StridedLoop
{
    internal delegate void Run(int offset0, int offset1, int offset2, int length, int stride0, int stride1, int stride2);

    internal static void ForEach(ReadOnlySpan<int> shape, int[] strides0, int[] strides1, int[] strides2, int base0, int base1, int base2, Run run)
    {
        int rank = shape.Length;
        if (rank == 0)
        {
            run(base0, base1, base2, 1, 0, 0, 0);
            return;
        }
        foreach (int s in shape) if (s == 0) return;

        // Coalesce dims (d, d+1) when stride[d] == stride[d+1]*shape[d+1] for every operand; drop size-1 dims.
        Span<int> cs = stackalloc int[rank];
        Span<int> c0 = stackalloc int[rank];
        Span<int> c1 = stackalloc int[rank];
        Span<int> c2 = stackalloc int[rank];
        int n = 0;
        for (int d = 0; d < rank; d++)
        {
            if (shape[d] == 1) continue;
            if (n > 0 && c0[n - 1] == strides0[d] * shape[d] && c1[n - 1] == strides1[d] * shape[d] && c2[n - 1] == strides2[d] * shape[d])
            {
                cs[n - 1] *= shape[d];
                c0[n - 1] = strides0[d];
                c1[n - 1] = strides1[d];
                c2[n - 1] = strides2[d];
                continue;
            }
            cs[n] = shape[d];
            c0[n] = strides0[d];
            c1[n] = strides1[d];
            c2[n] = strides2[d];
            n++;
        }
        if (n == 0)
        {
            run(base0, base1, base2, 1, 0, 0, 0);
            return;
        }

        int inner = cs[n - 1], i0 = c0[n - 1], i1 = c1[n - 1], i2 = c2[n - 1];
        int outerRank = n - 1;
        Span<int> index = stackalloc int[Math.Max(outerRank, 1)];
        index.Clear();
        int o0 = base0, o1 = base1, o2 = base2;
        while (true)
        {
            run(o0, o1, o2, inner, i0, i1, i2);
            int d = outerRank - 1;
            while (d >= 0)
            {
                index[d]++;
                o0 += c0[d]; o1 += c1[d]; o2 += c2[d];
                if (index[d] < cs[d]) break;
                o0 -= c0[d] * cs[d]; o1 -= c1[d] * cs[d]; o2 -= c2[d] * cs[d];
                index[d] = 0;
                d--;
            }
            if (d < 0) return;
        }
    }

    /// <summary>Copies a strided view into a row-major destination.</summary>
    internal static void CopyToContiguous(float[] src, int srcOffset, ReadOnlySpan<int> shape, int[] srcStrides, float[] dst, int dstOffset)
    {
        int[] dstStrides = ShapeUtil.ContiguousStrides(shape);
        var zero = new int[shape.Length];
        ForEach(shape, dstStrides, srcStrides, zero, dstOffset, srcOffset, 0, (od, os, _, len, sd, ss, _) =>
        {
            if (sd == 1 && ss == 1)
            {
                src.AsSpan(os, len).CopyTo(dst.AsSpan(od, len));
            }
            else if (ss == 0)
            {
                dst.AsSpan(od, len).Fill(src[os]);
            }
            else
            {
                for (int i = 0; i < len; i++) dst[od + i * sd] = src[os + i * ss];
            }
        });
    }
}
