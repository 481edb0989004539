using Fer.Tensors.Internal;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Elementwise;

/// <summary>
/// Runs a binary operator over two tensors with broadcasting. Contiguous same-shape and
/// tensor-scalar operands take span fast paths (split across threads when large); everything
/// else walks coalesced strided runs.
/// </summary>
internal static class BinaryKernel
{
    private const int ParallelThreshold = 1 << 16;

    internal static Tensor Apply<TOp>(Tensor a, Tensor b)
        where TOp : struct, IBinaryOperator
    {
        int[] outShape = ShapeUtil.Broadcast(a.ShapeArray, b.ShapeArray);
        var result = Tensor.Empty(outShape);
        Apply<TOp>(a, b, result);
        return result;
    }

    /// <summary>Writes op(a, b) into <paramref name="destination"/>, whose shape is the broadcast shape (it may alias a or b when shapes agree).</summary>
    internal static void Apply<TOp>(Tensor a, Tensor b, Tensor destination)
        where TOp : struct, IBinaryOperator
    {
        int n = destination.ElementCount;
        if (n == 0) return;
        float[] da = a.Storage, db = b.Storage, dd = destination.Storage;
        int oa = a.Offset, ob = b.Offset, od = destination.Offset;
        if (destination.IsContiguous)
        {
            if (a.IsContiguous && b.IsContiguous && a.ElementCount == n && b.ElementCount == n)
            {
                Chunked(n, (s, e) => TOp.Invoke(da.AsSpan(oa + s, e - s), db.AsSpan(ob + s, e - s), dd.AsSpan(od + s, e - s)));
                return;
            }
            if (b.ElementCount == 1 && a.IsContiguous && a.ElementCount == n)
            {
                float y = db[ob];
                Chunked(n, (s, e) => TOp.Invoke(da.AsSpan(oa + s, e - s), y, dd.AsSpan(od + s, e - s)));
                return;
            }
            if (a.ElementCount == 1 && b.IsContiguous && b.ElementCount == n)
            {
                float x = da[oa];
                Chunked(n, (s, e) => TOp.Invoke(x, db.AsSpan(ob + s, e - s), dd.AsSpan(od + s, e - s)));
                return;
            }
        }

        int[] shape = destination.ShapeArray;
        int[] sa = ShapeUtil.BroadcastStrides(a.ShapeArray, a.StrideArray, shape);
        int[] sb = ShapeUtil.BroadcastStrides(b.ShapeArray, b.StrideArray, shape);
        StridedLoop.ForEach(shape, destination.StrideArray, sa, sb, od, oa, ob, (pd, pa, pb, len, sd, s1, s2) =>
        {
            if (sd == 1 && s1 == 1 && s2 == 1) TOp.Invoke(da.AsSpan(pa, len), db.AsSpan(pb, len), dd.AsSpan(pd, len));
            else if (sd == 1 && s1 == 1 && s2 == 0) TOp.Invoke(da.AsSpan(pa, len), db[pb], dd.AsSpan(pd, len));
            else if (sd == 1 && s1 == 0 && s2 == 1) TOp.Invoke(da[pa], db.AsSpan(pb, len), dd.AsSpan(pd, len));
            else for (int i = 0; i < len; i++) dd[pd + i * sd] = TOp.Invoke(da[pa + i * s1], db[pb + i * s2]);
        });
    }

    internal static void Chunked(int n, Action<int, int> body)
    {
        if (n < ParallelThreshold) body(0, n);
        else Parallelism.For(n, ParallelThreshold / 2, body);
    }
}
