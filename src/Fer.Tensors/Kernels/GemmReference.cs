namespace Fer.Tensors.Kernels;

/// <summary>
/// The plain reference GEMM: a triple loop with a double-precision sum, slow and obviously right.
/// It is the test oracle of <see cref="Gemm"/> and follows the same BLAS conventions (when alpha
/// is 0 or k is 0, A and B are not read; when beta is 0, C is not read).
/// </summary>
public static class GemmReference
{
    /// <summary>
    /// C = alpha * op(A) * op(B) + beta * C with row-major storage; see
    /// <see cref="Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int, int)"/>
    /// for the meaning of the arguments and the exceptions (the same checks apply).
    /// </summary>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Gemm.Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                if (alpha != 0f)
                {
                    for (int p = 0; p < k; p++)
                    {
                        float av = transposeA ? a[p * lda + i] : a[i * lda + p];
                        float bv = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                        sum += (double)av * bv;
                    }
                }

                int ci = i * ldc + j;
                double result = alpha * sum;
                if (beta != 0f) result += (double)beta * c[ci];
                c[ci] = (float)result;
            }
        }
    }
}
