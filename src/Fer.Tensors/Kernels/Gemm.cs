namespace Fer.Tensors.Kernels;

/// <summary>Placeholder GEMM (row-major C = alpha*op(A)*op(B) + beta*C) until the packed SIMD kernel lands.</summary>
public static class Gemm
{
    /// <summary>C = alpha*op(A)*op(B) + beta*C, row-major.</summary>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads = 0)
    {
        _ = threads;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transposeA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += av * bv;
                }
                c[i * ldc + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i * ldc + j];
            }
        }
    }
}
