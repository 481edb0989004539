using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fer.Tensors.Kernels;

/// <summary>
/// AVX2 + FMA micro-kernel with a 6 x 16 register tile: 12 accumulators, two B vectors and one
/// broadcast A value use 15 of the 16 ymm registers; each k step issues 12 FMAs against 8 loads,
/// which keeps both FMA pipes of a Zen 3 / Haswell core busy.
/// </summary>
internal readonly struct GemmKernelAvx2 : IGemmMicroKernel<GemmKernelAvx2>
{
    public static int Mr => 6;

    public static int Nr => 16;

    public static bool IsSupported => Fma.IsSupported && Avx.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, nint rsb, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // Pull the C tile towards L1 while the k loop runs; its rows are ldc apart and would otherwise miss at the end.
        for (int r = 0; r < 6; r++)
        {
            Sse.Prefetch0(c + r * ldc);
            Sse.Prefetch0(c + r * ldc + 15);
        }

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Avx.LoadVector256(b);
            Vector256<float> b1 = Avx.LoadVector256(b + 8);
            Vector256<float> ai;
            ai = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(ai, b0, c40);
            c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(ai, b0, c50);
            c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += 6;
            b += rsb;
        }

        Vector256<float> va = Vector256.Create(alpha);
        Vector256<float> vb = Vector256.Create(beta);
        Store(c, c00, c01, va, vb, beta);
        Store(c + ldc, c10, c11, va, vb, beta);
        Store(c + 2 * ldc, c20, c21, va, vb, beta);
        Store(c + 3 * ldc, c30, c31, va, vb, beta);
        Store(c + 4 * ldc, c40, c41, va, vb, beta);
        Store(c + 5 * ldc, c50, c51, va, vb, beta);
    }

    /// <summary>As <see cref="Run"/> with the six A rows read in place (row i at a + i*lda): same FMA order, same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunRows(int kc, float* a, nint lda, float* b, nint rsb, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int r = 0; r < 6; r++)
        {
            Sse.Prefetch0(c + r * ldc);
            Sse.Prefetch0(c + r * ldc + 15);
        }

        float* a0 = a, a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Avx.LoadVector256(b);
            Vector256<float> b1 = Avx.LoadVector256(b + 8);
            Vector256<float> ai;
            ai = Vector256.Create(a0[p]);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a1[p]);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a2[p]);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a3[p]);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a4[p]);
            c40 = Fma.MultiplyAdd(ai, b0, c40);
            c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a5[p]);
            c50 = Fma.MultiplyAdd(ai, b0, c50);
            c51 = Fma.MultiplyAdd(ai, b1, c51);
            b += rsb;
        }

        Vector256<float> va = Vector256.Create(alpha);
        Vector256<float> vb = Vector256.Create(beta);
        Store(c, c00, c01, va, vb, beta);
        Store(c + ldc, c10, c11, va, vb, beta);
        Store(c + 2 * ldc, c20, c21, va, vb, beta);
        Store(c + 3 * ldc, c30, c31, va, vb, beta);
        Store(c + 4 * ldc, c40, c41, va, vb, beta);
        Store(c + 5 * ldc, c50, c51, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector256<float> t0, Vector256<float> t1, Vector256<float> va, Vector256<float> vb, float beta)
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
}
