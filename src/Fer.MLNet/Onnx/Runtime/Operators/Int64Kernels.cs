namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Small loops over int64 values (shape arithmetic); sizes are tiny, clarity over speed.</summary>
internal static class Int64Kernels
{
    public static long[] Broadcast(long[] a, int[] sa, long[] b, int[] sb, int[] target, Func<long, long, long> op)
    {
        int n = (int)ShapeMath.Product(target);
        var result = new long[n];
        int[] stA = ShapeMath.BroadcastStrides(sa, target), stB = ShapeMath.BroadcastStrides(sb, target);
        int[] outStrides = ShapeMath.Strides(target);
        for (int flat = 0; flat < n; flat++)
        {
            int rem = flat, ia = 0, ib = 0;
            for (int d = 0; d < target.Length; d++)
            {
                int c = rem / outStrides[d];
                rem -= c * outStrides[d];
                ia += c * stA[d];
                ib += c * stB[d];
            }
            result[flat] = op(a[ia], b[ib]);
        }
        return result;
    }

    /// <summary>Gathers blocks: for every outer index and every position, copies inner elements from the source row.</summary>
    public static T[] Permute<T>(T[] data, int[] shape, int[] perm)
    {
        int[] outShape = perm.Select(p => shape[p]).ToArray();
        int[] inStrides = ShapeMath.Strides(shape);
        int[] outStrides = ShapeMath.Strides(outShape);
        var result = new T[data.Length];
        for (int flat = 0; flat < data.Length; flat++)
        {
            int rem = flat, src = 0;
            for (int d = 0; d < outShape.Length; d++)
            {
                int c = rem / outStrides[d];
                rem -= c * outStrides[d];
                src += c * inStrides[perm[d]];
            }
            result[flat] = data[src];
        }
        return result;
    }
}
