using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Fer.Tensors.Kernels;

namespace Fer.Benchmarks;

// Alternative micro-kernel shapes, measured against the shipped 6 x 16 kernel (`gemm-shapes-kernel`).
internal readonly struct Kernel4x24 : IGemmMicroKernel<Kernel4x24>
{
    public static int Mr => 4;

    public static int Nr => 24;

    public static bool IsSupported => Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, nint rsb, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        c00 = default; c01 = default; c02 = default; c10 = default; c11 = default; c12 = default; c20 = default; c21 = default; c22 = default; c30 = default; c31 = default; c32 = default;
        for (int r = 0; r < 4; r++) { Sse.Prefetch0(c + r * ldc); Sse.Prefetch0(c + r * ldc + 23); }
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Avx.LoadVector256(b), b1 = Avx.LoadVector256(b + 8), b2 = Avx.LoadVector256(b + 16);
            Vector256<float> ai;
            ai = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            c02 = Fma.MultiplyAdd(ai, b2, c02);
            ai = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            c12 = Fma.MultiplyAdd(ai, b2, c12);
            ai = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            c22 = Fma.MultiplyAdd(ai, b2, c22);
            ai = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            c32 = Fma.MultiplyAdd(ai, b2, c32);
            a += 4;
            b += rsb;
        }

        Vector256<float> va = Vector256.Create(alpha), vb = Vector256.Create(beta);
        Store(c + 0 * ldc + 0, c00, va, vb, beta);
        Store(c + 0 * ldc + 8, c01, va, vb, beta);
        Store(c + 0 * ldc + 16, c02, va, vb, beta);
        Store(c + 1 * ldc + 0, c10, va, vb, beta);
        Store(c + 1 * ldc + 8, c11, va, vb, beta);
        Store(c + 1 * ldc + 16, c12, va, vb, beta);
        Store(c + 2 * ldc + 0, c20, va, vb, beta);
        Store(c + 2 * ldc + 8, c21, va, vb, beta);
        Store(c + 2 * ldc + 16, c22, va, vb, beta);
        Store(c + 3 * ldc + 0, c30, va, vb, beta);
        Store(c + 3 * ldc + 8, c31, va, vb, beta);
        Store(c + 3 * ldc + 16, c32, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector256<float> t, Vector256<float> va, Vector256<float> vb, float beta)
    {
        if (beta == 0f) Avx.Store(c, Avx.Multiply(va, t));
        else Avx.Store(c, Fma.MultiplyAdd(va, t, Avx.Multiply(vb, Avx.LoadVector256(c))));
    }
}

internal readonly struct Kernel6x16Unrolled : IGemmMicroKernel<Kernel6x16Unrolled>
{
    public static int Mr => 6;

    public static int Nr => 16;

    public static bool IsSupported => Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, nint rsb, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        c00 = default; c01 = default; c10 = default; c11 = default; c20 = default; c21 = default; c30 = default; c31 = default; c40 = default; c41 = default; c50 = default; c51 = default;
        for (int r = 0; r < 6; r++) { Sse.Prefetch0(c + r * ldc); Sse.Prefetch0(c + r * ldc + 15); }
        Vector256<float> b0, b1, ai;
        int p = 0;
        for (; p + 2 <= kc; p += 2)
        {
            b0 = Avx.LoadVector256(b); b1 = Avx.LoadVector256(b + 8);
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
            b0 = Avx.LoadVector256(b + rsb); b1 = Avx.LoadVector256(b + rsb + 8);
            ai = Vector256.Create(a[6]);
            c00 = Fma.MultiplyAdd(ai, b0, c00);
            c01 = Fma.MultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[7]);
            c10 = Fma.MultiplyAdd(ai, b0, c10);
            c11 = Fma.MultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[8]);
            c20 = Fma.MultiplyAdd(ai, b0, c20);
            c21 = Fma.MultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[9]);
            c30 = Fma.MultiplyAdd(ai, b0, c30);
            c31 = Fma.MultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[10]);
            c40 = Fma.MultiplyAdd(ai, b0, c40);
            c41 = Fma.MultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[11]);
            c50 = Fma.MultiplyAdd(ai, b0, c50);
            c51 = Fma.MultiplyAdd(ai, b1, c51);
            a += 12;
            b += 2 * rsb;
        }

        for (; p < kc; p++)
        {
            b0 = Avx.LoadVector256(b); b1 = Avx.LoadVector256(b + 8);
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

        Vector256<float> va = Vector256.Create(alpha), vb = Vector256.Create(beta);
        Store(c + 0 * ldc + 0, c00, va, vb, beta);
        Store(c + 0 * ldc + 8, c01, va, vb, beta);
        Store(c + 1 * ldc + 0, c10, va, vb, beta);
        Store(c + 1 * ldc + 8, c11, va, vb, beta);
        Store(c + 2 * ldc + 0, c20, va, vb, beta);
        Store(c + 2 * ldc + 8, c21, va, vb, beta);
        Store(c + 3 * ldc + 0, c30, va, vb, beta);
        Store(c + 3 * ldc + 8, c31, va, vb, beta);
        Store(c + 4 * ldc + 0, c40, va, vb, beta);
        Store(c + 4 * ldc + 8, c41, va, vb, beta);
        Store(c + 5 * ldc + 0, c50, va, vb, beta);
        Store(c + 5 * ldc + 8, c51, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector256<float> t, Vector256<float> va, Vector256<float> vb, float beta)
    {
        if (beta == 0f) Avx.Store(c, Avx.Multiply(va, t));
        else Avx.Store(c, Fma.MultiplyAdd(va, t, Avx.Multiply(vb, Avx.LoadVector256(c))));
    }
}
