using Fer.Tensors.Internal;
using Fer.Tensors.Kernels;
using Fer.Tensors.Threading;

namespace Fer.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with PyTorch's rules: [M,K]x[K,N] -> [M,N]; rank-1 operands are promoted and the
    /// added dimension removed; higher ranks are batches of matrices whose batch dimensions broadcast.
    /// </summary>
    /// <exception cref="ArgumentException">Inner dimensions differ or batch dimensions cannot broadcast.</exception>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Rank == 0 || other.Rank == 0) throw new ArgumentException("MatMul needs tensors of rank 1 or more.");
        if (Rank == 1 && other.Rank == 1) return Mul(other).Sum();
        if (Rank == 1) return Unsqueeze(0).MatMul(other).Squeeze(-2);
        if (other.Rank == 1) return MatMul(other.Unsqueeze(1)).Squeeze(-1);
        if (Rank == 2 && other.Rank == 2) return MatMul2D(this, other);
        return BatchedMatMul(this, other);
    }

    private static Tensor MatMul2D(Tensor a, Tensor b)
    {
        int m = a.shape[0], k = a.shape[1], n = b.shape[1];
        if (b.shape[0] != k)
            throw new ArgumentException($"MatMul: inner dimensions differ: {FormatShape(a.shape)} x {FormatShape(b.shape)}.");
        var (ad, ao, lda, ta) = AsMatrix(a);
        var (bd, bo, ldb, tb) = AsMatrix(b);
        var y = Empty(m, n);
        Gemm.Multiply(ta, tb, m, n, k, 1f, ad.AsSpan(ao), lda, bd.AsSpan(bo), ldb, 0f, y.Storage, n);
        return Record(y, "matmul", a, b, g => (
            a.RequiresGrad ? MatMul2D(g, b.T()) : null,
            b.RequiresGrad ? MatMul2D(a.T(), g) : null));
    }

    /// <summary>Storage, offset, leading dimension and transpose flag for a rank-2 tensor (copies only when neither layout fits).</summary>
    private static (float[] Data, int Offset, int Ld, bool Transposed) AsMatrix(Tensor t)
    {
        int rows = t.shape[0], cols = t.shape[1];
        int rs = t.strides[0], cs = t.strides[1];
        if ((cs == 1 || cols == 1) && rs >= cols) return (t.Storage, t.Offset, Math.Max(rs, 1), false);
        if ((rs == 1 || rows == 1) && cs >= rows) return (t.Storage, t.Offset, Math.Max(cs, 1), true);
        var c = t.CloneData();
        return (c.Storage, 0, cols, false);
    }

    private static Tensor BatchedMatMul(Tensor a, Tensor b)
    {
        int m = a.shape[^2], k = a.shape[^1], n = b.shape[^1];
        if (b.shape[^2] != k)
            throw new ArgumentException($"MatMul: inner dimensions differ: {FormatShape(a.shape)} x {FormatShape(b.shape)}.");
        int[] batch = ShapeUtil.Broadcast(a.shape.AsSpan(0, a.Rank - 2), b.shape.AsSpan(0, b.Rank - 2));
        int[] aShape = [.. batch, m, k];
        int[] bShape = [.. batch, k, n];
        Tensor ae = a.Expand(aShape).Contiguous();
        Tensor be = b.Expand(bShape).Contiguous();
        int count = ShapeUtil.Product(batch);
        var y = Empty([.. batch, m, n]);
        float[] ad = ae.Storage, bd = be.Storage, yd = y.Storage;
        int ao = ae.Offset, bo = be.Offset;
        Parallelism.For(count, 1, (s, e) =>
        {
            int threads = e - s == count ? 0 : 1;
            for (int i = s; i < e; i++)
                Gemm.Multiply(false, false, m, n, k, 1f, ad.AsSpan(ao + i * m * k, m * k), k, bd.AsSpan(bo + i * k * n, k * n), n, 0f, yd.AsSpan(i * m * n, m * n), n, threads);
        });
        // Backward through the expanded operands: their own backward sums over broadcast batch dims.
        return Record(y, "bmm", ae, be, g => (
            ae.RequiresGrad ? g.MatMul(be.Transpose(-1, -2)) : null,
            be.RequiresGrad ? ae.Transpose(-1, -2).MatMul(g) : null));
    }

    /// <summary>y = x W^T + b for x [..., in], weight [out, in], bias [out] (PyTorch's linear).</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2) throw new ArgumentException($"Linear: weight must be [out, in]; got {FormatShape(weight.shape)}.", nameof(weight));
        if (input.Rank == 0 || input.shape[^1] != weight.shape[1])
            throw new ArgumentException($"Linear: input {FormatShape(input.shape)} does not end in in_features {weight.shape[1]}.", nameof(input));
        Tensor x2 = input.Rank == 2 ? input : input.Reshape(-1, weight.shape[1]);
        Tensor y = MatMul2D(x2, weight.T());
        if (bias is not null) y = y.Add(bias);
        if (input.Rank != 2)
        {
            int[] outShape = (int[])input.shape.Clone();
            outShape[^1] = weight.shape[0];
            y = y.Reshape(outShape);
        }
        return y;
    }
}
