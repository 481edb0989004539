using System.Runtime.CompilerServices;

namespace Fer.Tensors.Kernels;

/// <summary>
/// Portable 4 x 4 micro-kernel in plain scalar arithmetic (16 accumulators fit the 16 registers of
/// x64), used when no SIMD with fused multiply-add is available (e.g. <c>DOTNET_EnableHWIntrinsic=0</c>).
/// Accumulation is an unfused multiply then add per k step; the final alpha/beta update is fused,
/// exactly as in <see cref="GemmTile.Merge"/>.
/// </summary>
internal readonly struct GemmKernelScalar : IGemmMicroKernel<GemmKernelScalar>
{
    public static int Mr => 4;

    public static int Nr => 4;

    public static bool IsSupported => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int kc, float* a, float* b, nint rsb, float* c, nint ldc, float alpha, float beta)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            float a1 = a[1];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            float a2 = a[2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            float a3 = a[3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += rsb;
        }

        GemmTile.Update(c, c00, c01, c02, c03, alpha, beta);
        GemmTile.Update(c + ldc, c10, c11, c12, c13, alpha, beta);
        GemmTile.Update(c + 2 * ldc, c20, c21, c22, c23, alpha, beta);
        GemmTile.Update(c + 3 * ldc, c30, c31, c32, c33, alpha, beta);
    }
}
