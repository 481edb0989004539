using Fer.Testing;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>
/// One GEMM problem with random operands (uniform in [-1, 1]) and optional padding in the leading
/// dimensions; padding and C hold sentinels so tests can see what a kernel touched.
/// </summary>
internal sealed class GemmCase
{
    public const float Sentinel = 12345.5f;

    public GemmCase(System.Random random, bool transposeA, bool transposeB, int m, int n, int k, float alpha = 1f, float beta = 0f, int padA = 0, int padB = 0, int padC = 0)
    {
        TransposeA = transposeA; TransposeB = transposeB; M = m; N = n; K = k; Alpha = alpha; Beta = beta;
        int rowsA = transposeA ? k : m, colsA = transposeA ? m : k;
        int rowsB = transposeB ? n : k, colsB = transposeB ? k : n;
        Lda = Math.Max(1, colsA + padA);
        Ldb = Math.Max(1, colsB + padB);
        Ldc = Math.Max(1, n + padC);
        A = Matrix(random, rowsA, colsA, Lda);
        B = Matrix(random, rowsB, colsB, Ldb);
        C0 = Matrix(random, m, n, Ldc);
    }

    public bool TransposeA { get; }

    public bool TransposeB { get; }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float Alpha { get; }

    public float Beta { get; }

    public int Lda { get; }

    public int Ldb { get; }

    public int Ldc { get; }

    public float[] A { get; }

    public float[] B { get; }

    /// <summary>C's initial content (a fresh copy is handed to each run).</summary>
    public float[] C0 { get; }

    public string Name => $"{(TransposeA ? "T" : "N")}{(TransposeB ? "T" : "N")} m={M} n={N} k={K} alpha={Alpha} beta={Beta} lda={Lda} ldb={Ldb} ldc={Ldc}";

    public float[] Expected()
    {
        float[] c = (float[])C0.Clone();
        Fer.Tensors.Kernels.GemmReference.Multiply(TransposeA, TransposeB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    /// <summary>Runs <paramref name="gemm"/> on a copy of C0 and returns the result.</summary>
    public float[] Run(Action<GemmCase, float[]> gemm)
    {
        float[] c = (float[])C0.Clone();
        gemm(this, c);
        return c;
    }

    /// <summary>
    /// Checks a result against the reference: error bound grows with k (|a|, |b| &lt;= 1), and the
    /// padding between rows of C must still hold its sentinel.
    /// </summary>
    public void Check(float[] actual, string what)
    {
        float[] expected = Expected();
        double scale = Math.Abs(Alpha) * (K + 1) + Math.Abs(Beta);
        Close.Check(expected, actual, atol: 2e-6 * scale, rtol: 1e-5, what: $"{what} {Name}");
        for (int i = 0; i < M; i++)
        {
            for (int j = N; j < Ldc && i * Ldc + j < actual.Length; j++)
            {
                actual[i * Ldc + j].Should().Be(Sentinel, $"{what} {Name}: padding of C at row {i}, column {j} must be untouched");
            }
        }
    }

    private static float[] Matrix(System.Random random, int rows, int cols, int ld)
    {
        int length = rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = i % ld < cols ? (float)(random.NextDouble() * 2 - 1) : Sentinel;
        return x;
    }
}
