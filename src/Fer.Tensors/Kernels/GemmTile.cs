using System.Runtime.CompilerServices;

namespace Fer.Tensors.Kernels;

/// <summary>
/// The alpha/beta update of C from a raw accumulated tile, in scalar code. It uses the same formula
/// as the SIMD kernels' stores (alpha*t when beta is 0, else fma(alpha, t, beta*c)), so an element
/// gets the same bits whether it lands in a full tile or in an edge tile.
/// </summary>
internal static class GemmTile
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Update(float t, float c, float alpha, float beta)
        => beta == 0f ? alpha * t : MathF.FusedMultiplyAdd(alpha, t, beta * c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Update(float* c, float t0, float t1, float t2, float t3, float alpha, float beta)
    {
        if (beta == 0f)
        {
            c[0] = alpha * t0; c[1] = alpha * t1; c[2] = alpha * t2; c[3] = alpha * t3;
        }
        else
        {
            c[0] = MathF.FusedMultiplyAdd(alpha, t0, beta * c[0]);
            c[1] = MathF.FusedMultiplyAdd(alpha, t1, beta * c[1]);
            c[2] = MathF.FusedMultiplyAdd(alpha, t2, beta * c[2]);
            c[3] = MathF.FusedMultiplyAdd(alpha, t3, beta * c[3]);
        }
    }

    /// <summary>Applies the mr x nr top-left part of a raw tile (row stride <paramref name="ldt"/>) to C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Merge(float* t, int ldt, int mr, int nr, float* c, nint ldc, float alpha, float beta)
    {
        for (int i = 0; i < mr; i++)
        {
            float* ti = t + i * ldt;
            float* ci = c + i * ldc;
            for (int j = 0; j < nr; j++) ci[j] = Update(ti[j], ci[j], alpha, beta);
        }
    }
}
