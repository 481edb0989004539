using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fer.Tensors.Kernels;

/// <summary>
/// Small products without packing: 4 x 16 register blocks that broadcast A straight from its
/// storage (any transpose, through row and column strides) and read rows of B in place (a
/// transposed B is first copied to k x n, which costs less than the product when m &gt; 1). Column
/// tails use masked loads and and a scratch row for stores; masked loads never touch memory outside the mask. Each element is
/// one fused multiply-add chain over k from zero followed by the shared alpha/beta update, the same
/// arithmetic as the blocked kernels when k fits one KC block.
/// </summary>
internal static class GemmSmall
{
    private static readonly int[] MaskTable = [-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0];

    public static bool IsSupported => Fma.IsSupported && Avx.IsSupported;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
    {
        if (transposeB)
        {
            float* copy = GemmBuffers.B(k * n);
            for (int j = 0; j < n; j++)
            {
                float* src = b + j * ldb;
                for (int p = 0; p < k; p++) copy[p * n + j] = src[p];
            }

            b = copy;
            ldb = n;
        }

        nint rsa = transposeA ? 1 : lda, csa = transposeA ? lda : 1;
        float* tile = stackalloc float[16];
        fixed (int* masks = MaskTable)
        {
            for (int i0 = 0; i0 < m; i0 += 4)
            {
                int rows = Math.Min(4, m - i0);
                // Rows past the end repeat the last row; their results are not stored.
                float* a0 = a + i0 * rsa;
                float* a1 = a0 + Math.Min(1, rows - 1) * rsa;
                float* a2 = a0 + Math.Min(2, rows - 1) * rsa;
                float* a3 = a0 + Math.Min(3, rows - 1) * rsa;
                float* ci = c + i0 * ldc;
                for (int j0 = 0; j0 < n; j0 += 16)
                {
                    int cols = Math.Min(16, n - j0);
                    Vector256<float> mask0 = Avx.LoadVector256((float*)masks + 8 - Math.Min(cols, 8));
                    Vector256<float> mask1 = Avx.LoadVector256((float*)masks + 8 - Math.Max(cols - 8, 0));
                    Block(k, a0, a1, a2, a3, csa, b + j0, ldb, ci + j0, ldc, rows, cols, tile, mask0, mask1, alpha, beta);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Block(int k, float* a0, float* a1, float* a2, float* a3, nint csa, float* b, nint ldb, float* c, nint ldc, int rows, int cols, float* tile, Vector256<float> mask0, Vector256<float> mask1, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        nint pa = 0;
        bool full = cols == 16;
        if (full)
        {
            for (int p = 0; p < k; p++, b += ldb, pa += csa)
            {
                Vector256<float> b0 = Avx.LoadVector256(b), b1 = Avx.LoadVector256(b + 8);
                Vector256<float> x = Vector256.Create(a0[pa]);
                c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
                x = Vector256.Create(a1[pa]);
                c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
                x = Vector256.Create(a2[pa]);
                c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
                x = Vector256.Create(a3[pa]);
                c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            }
        }
        else
        {
            for (int p = 0; p < k; p++, b += ldb, pa += csa)
            {
                Vector256<float> b0 = Avx.MaskLoad(b, mask0), b1 = Avx.MaskLoad(b + 8, mask1);
                Vector256<float> x = Vector256.Create(a0[pa]);
                c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
                x = Vector256.Create(a1[pa]);
                c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
                x = Vector256.Create(a2[pa]);
                c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
                x = Vector256.Create(a3[pa]);
                c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
            }
        }

        Vector256<float> va = Vector256.Create(alpha), vb = Vector256.Create(beta);
        Store(c, c00, c01, full, cols, tile, mask0, mask1, va, vb, beta);
        if (rows > 1) Store(c + ldc, c10, c11, full, cols, tile, mask0, mask1, va, vb, beta);
        if (rows > 2) Store(c + 2 * ldc, c20, c21, full, cols, tile, mask0, mask1, va, vb, beta);
        if (rows > 3) Store(c + 3 * ldc, c30, c31, full, cols, tile, mask0, mask1, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector256<float> t0, Vector256<float> t1, bool full, int cols, float* tile, Vector256<float> mask0, Vector256<float> mask1, Vector256<float> va, Vector256<float> vb, float beta)
    {
        if (full)
        {
            if (beta == 0f)
            {
                Avx.Store(c, Avx.Multiply(va, t0));
                Avx.Store(c + 8, Avx.Multiply(va, t1));
            }
            else
            {
                Avx.Store(c, Fma.MultiplyAdd(va, t0, Avx.Multiply(vb, Avx.LoadVector256(c))));
                Avx.Store(c + 8, Fma.MultiplyAdd(va, t1, Avx.Multiply(vb, Avx.LoadVector256(c + 8))));
            }
        }
        else
        {
            // Column tail: masked loads never fault, but masked stores are slow on AMD; go through a scratch row.
            if (beta == 0f)
            {
                Avx.Store(tile, Avx.Multiply(va, t0));
                Avx.Store(tile + 8, Avx.Multiply(va, t1));
            }
            else
            {
                Avx.Store(tile, Fma.MultiplyAdd(va, t0, Avx.Multiply(vb, Avx.MaskLoad(c, mask0))));
                Avx.Store(tile + 8, Fma.MultiplyAdd(va, t1, Avx.Multiply(vb, Avx.MaskLoad(c + 8, mask1))));
            }

            for (int j = 0; j < cols; j++) c[j] = tile[j];
        }
    }
}
