namespace Fer.Tensors.Tests.Support;

/// <summary>Plain double-precision reference implementations of the core ops.</summary>
public static class RefOps
{
    public static int[] BroadcastShape(int[] a, int[] b)
    {
        int r = Math.Max(a.Length, b.Length);
        var s = new int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i - (r - a.Length), db = i - (r - b.Length);
            int sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
            s[i] = Math.Max(sa, sb);
        }
        return s;
    }

    /// <summary>Reads a at the broadcast position idx of the output shape.</summary>
    public static double At(RefTensor a, int[] idx)
    {
        int shift = idx.Length - a.Rank, f = 0;
        for (int d = 0; d < a.Rank; d++) f = f * a.Shape[d] + (a.Shape[d] == 1 ? 0 : idx[d + shift]);
        return a.Data[f];
    }

    public static IEnumerable<int[]> Indices(int[] shape)
    {
        int n = RefTensor.Size(shape);
        var idx = new int[shape.Length];
        for (int f = 0; f < n; f++)
        {
            int rem = f;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                idx[d] = rem % shape[d];
                rem /= shape[d];
            }
            yield return idx;
        }
    }

    public static RefTensor Binary(RefTensor a, RefTensor b, Func<double, double, double> f)
    {
        int[] s = BroadcastShape(a.Shape, b.Shape);
        var r = new RefTensor(s);
        int k = 0;
        foreach (int[] idx in Indices(s)) r.Data[k++] = f(At(a, idx), At(b, idx));
        return r;
    }

    public static RefTensor Unary(RefTensor a, Func<double, double> f) => new((int[])a.Shape.Clone(), a.Data.Select(f).ToArray());

    public static RefTensor Sum(RefTensor a, int[] dims, bool keepDim)
    {
        var kept = (int[])a.Shape.Clone();
        foreach (int d in dims) kept[d] = 1;
        var r = new RefTensor(kept);
        foreach (int[] idx in Indices(a.Shape))
        {
            var o = (int[])idx.Clone();
            foreach (int d in dims) o[d] = 0;
            r[o] += a[idx];
        }
        if (keepDim) return r;
        return new RefTensor(kept.Where((_, i) => !dims.Contains(i)).ToArray(), r.Data);
    }

    public static RefTensor MatMul(RefTensor a, RefTensor b)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        int[] batch = BroadcastShape(a.Shape[..^2], b.Shape[..^2]);
        var r = new RefTensor([.. batch, m, n]);
        foreach (int[] bi in Indices(batch).Select(x => (int[])x.Clone()).ToList())
        {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += At(a, [.. bi, i, p]) * At(b, [.. bi, p, j]);
                    r[[.. bi, i, j]] = s;
                }
        }
        return r;
    }
}
