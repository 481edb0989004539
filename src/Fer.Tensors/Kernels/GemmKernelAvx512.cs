using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels;

/// <summary>
/// AVX-512 micro-kernel with an 8 x 32 register tile (16 zmm accumulators of the 32). Written with
/// the portable <see cref="Vector512"/> API so that, on hardware without AVX-512, the tests can still
/// run it (through the runtime's software fallback) and check it against the reference.
/// </summary>
internal readonly struct GemmKernelAvx512 : IGemmMicroKernel<GemmKernelAvx512>
{
    public static int Mr => 8;

    public static int Nr => 32;

    public static bool IsSupported => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, nint rsb, float* c, nint ldc, float alpha, float beta)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> ai;
            ai = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ai, b1, c51);
            ai = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(ai, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ai, b1, c61);
            ai = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(ai, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ai, b1, c71);
            a += 8;
            b += rsb;
        }

        Vector512<float> va = Vector512.Create(alpha);
        Vector512<float> vb = Vector512.Create(beta);
        Store(c, c00, c01, va, vb, beta);
        Store(c + ldc, c10, c11, va, vb, beta);
        Store(c + 2 * ldc, c20, c21, va, vb, beta);
        Store(c + 3 * ldc, c30, c31, va, vb, beta);
        Store(c + 4 * ldc, c40, c41, va, vb, beta);
        Store(c + 5 * ldc, c50, c51, va, vb, beta);
        Store(c + 6 * ldc, c60, c61, va, vb, beta);
        Store(c + 7 * ldc, c70, c71, va, vb, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector512<float> t0, Vector512<float> t1, Vector512<float> va, Vector512<float> vb, float beta)
    {
        if (beta == 0f)
        {
            Vector512.Store(va * t0, c);
            Vector512.Store(va * t1, c + 16);
        }
        else
        {
            Vector512.Store(Vector512.FusedMultiplyAdd(va, t0, vb * Vector512.Load(c)), c);
            Vector512.Store(Vector512.FusedMultiplyAdd(va, t1, vb * Vector512.Load(c + 16)), c + 16);
        }
    }
}
