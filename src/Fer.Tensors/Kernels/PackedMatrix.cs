namespace Fer.Tensors.Kernels;

/// <summary>
/// The right-hand operand op(B) (k x n) of a GEMM, packed once into the layout of this machine's
/// managed micro-kernel, for products that reuse it many times (the weights of a convolution or
/// linear layer at inference). Multiplying with it through
/// <see cref="Gemm.Multiply(bool, int, float, ReadOnlySpan{float}, int, PackedMatrix, float, Span{float}, int, int)"/>
/// skips the packing of B and gives the same bits as the unpacked managed product. Immutable
/// after construction and safe to share between threads.
/// </summary>
public sealed class PackedMatrix
{
    private readonly float[] data;

    private PackedMatrix(int rows, int columns, GemmKernelKind kernel, int kcBlock, float[] data, int offset)
    {
        Rows = rows;
        Columns = columns;
        Kernel = kernel;
        KcBlock = kcBlock;
        this.data = data;
        Offset = offset;
    }

    /// <summary>Rows of op(B): the inner dimension k of the products it takes part in.</summary>
    public int Rows { get; }

    /// <summary>Columns of op(B): the column count n of the products' results.</summary>
    public int Columns { get; }

    internal GemmKernelKind Kernel { get; }

    internal int KcBlock { get; }

    /// <summary>Index of the first packed element in <see cref="Data"/> (64-byte aligned in memory).</summary>
    internal int Offset { get; }

    /// <summary>Packed storage, on the pinned object heap so its address never changes.</summary>
    internal float[] Data => data;

    /// <summary>
    /// Packs op(B), where B is stored row-major with row stride <paramref name="ldb"/>: k x n, or
    /// n x k when <paramref name="transpose"/> is true.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">k or n is negative, or ldb is below the stored column count.</exception>
    /// <exception cref="ArgumentException"><paramref name="b"/> is shorter than the stored matrix needs.</exception>
    public static unsafe PackedMatrix Pack(bool transpose, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        Gemm.ValidateMatrix(transpose ? n : k, transpose ? k : n, ldb, b.Length, "B", transpose, nameof(b), nameof(ldb));
        GemmKernelKind kernel = Gemm.DefaultKernel;
        int nr = kernel switch { GemmKernelKind.Avx512 => GemmKernelAvx512.Nr, GemmKernelKind.Avx2 => GemmKernelAvx2.Nr, _ => GemmKernelScalar.Nr };
        int kcBlock = Math.Max(1, GemmBlocking.KcBlock(k, nr));
        long length = (long)(n + nr - 1) / nr * nr * k;
        if (length + 32 > Array.MaxLength) throw new ArgumentException($"B of {k} x {n} is too large to pack.", nameof(b));
        float[] data = GC.AllocateArray<float>((int)length + 32, pinned: true);
        fixed (float* start = data, pb = b)
        {
            int offset = (int)(((64 - ((nint)start & 63)) & 63) / sizeof(float));
            float* dest = start + offset;
            if (k > 0 && n > 0)
            {
                switch (kernel)
                {
                    case GemmKernelKind.Avx512: GemmBlocked<GemmKernelAvx512>.PackAll(transpose, k, n, pb, ldb, kcBlock, dest); break;
                    case GemmKernelKind.Avx2: GemmBlocked<GemmKernelAvx2>.PackAll(transpose, k, n, pb, ldb, kcBlock, dest); break;
                    default: GemmBlocked<GemmKernelScalar>.PackAll(transpose, k, n, pb, ldb, kcBlock, dest); break;
                }
            }

            return new PackedMatrix(k, n, kernel, kcBlock, data, offset);
        }
    }
}
