using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fer.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded micro-panel layouts the
/// micro-kernels read: A as panels of <c>mr</c> rows (for each k step, mr row values side by side),
/// B as panels of <c>nr</c> columns (for each k step, nr column values side by side). Gathers that
/// cross rows go through 8 x 8 AVX transposes. Destinations need 8 floats of slack after the last
/// panel: a 6-row A panel is written with overlapping 8-wide stores, each fixing the previous one's
/// two spare lanes.
/// </summary>
internal static class GemmPacking
{
    private static readonly bool UseAvx = Avx.IsSupported;

    /// <summary>
    /// Packs rows [i0, i0+mc) and k steps [p0, p0+kc) of op(A) into <paramref name="dest"/>:
    /// panel q (rows i0+q*mr ...) starts at dest + q*mr*kc. Missing rows of the last panel are zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void PackA(bool transposeA, float* a, nint lda, int i0, int mc, int p0, int kc, float* dest, int mr)
    {
        if (transposeA)
        {
            PackATransposed(a, lda, i0, mc, p0, kc, dest, mr);
            return;
        }

        for (int ir = 0; ir < mc; ir += mr)
        {
            // A is stored m x k: each row is contiguous along k, so a panel is a transpose.
            int rows = Math.Min(mr, mc - ir);
            float* panel = dest + (nint)ir * kc;
            float* src = a + (i0 + ir) * lda + p0;
            int p = 0;
            if (UseAvx && rows == mr && mr is 6 or 8)
            {
                for (; p + 8 <= kc; p += 8) Transpose8(src + p, lda, rows, panel + p * mr, mr);
            }

            for (int r = 0; r < mr; r++)
            {
                float* row = src + r * lda;
                for (int q = p; q < kc; q++) panel[q * mr + r] = r < rows ? row[q] : 0f;
            }
        }
    }

    // A is stored k x m: the mr values of one k step are contiguous. Walking k outermost reads each
    // stored row once, front to back, and scatters it over the panels.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackATransposed(float* a, nint lda, int i0, int mc, int p0, int kc, float* dest, int mr)
    {
        int full = mc / mr * mr;
        nint panelStride = (nint)mr * kc;
        for (int p = 0; p < kc; p++)
        {
            float* src = a + (p0 + p) * lda + i0;
            float* dst = dest + p * mr;
            int ir = 0;
            if (UseAvx && mr == 6)
            {
                for (; ir < full; ir += 6, dst += panelStride)
                {
                    Sse.Store(dst, Sse.LoadVector128(src + ir));
                    *(long*)(dst + 4) = *(long*)(src + ir + 4);
                }
            }
            else if (UseAvx && mr == 8)
            {
                for (; ir < full; ir += 8, dst += panelStride) Avx.Store(dst, Avx.LoadVector256(src + ir));
            }

            for (; ir < mc; ir += mr, dst += panelStride) CopyPadded(src + ir, dst, Math.Min(mr, mc - ir), mr);
        }
    }

    /// <summary>
    /// Packs k steps [p0, p0+kc) and columns [j0, j0+nc) of op(B) into <paramref name="dest"/>:
    /// panel q (columns j0+q*nr ...) starts at dest + q*nr*kc. Missing columns are zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void PackB(bool transposeB, float* b, nint ldb, int p0, int kc, int j0, int nc, float* dest, int nr)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* panel = dest + (nint)jr * kc;
            if (!transposeB)
            {
                // B is stored k x n: the nr values of one k step are contiguous.
                float* src = b + p0 * ldb + j0 + jr;
                if (UseAvx && cols == nr && nr % 8 == 0)
                {
                    for (int p = 0; p < kc; p++, src += ldb)
                    {
                        float* dst = panel + p * nr;
                        for (int v = 0; v < nr; v += 8) Avx.Store(dst + v, Avx.LoadVector256(src + v));
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++, src += ldb) CopyPadded(src, panel + p * nr, cols, nr);
                }
            }
            else
            {
                // B is stored n x k: each column of op(B) is a contiguous row of storage.
                float* src = b + (j0 + jr) * ldb + p0;
                int p = 0;
                if (UseAvx && cols == nr && nr % 8 == 0)
                {
                    for (; p + 8 <= kc; p += 8)
                    {
                        for (int g = 0; g < nr; g += 8) Transpose8(src + g * ldb + p, ldb, 8, panel + p * nr + g, nr);
                    }
                }

                for (int j = 0; j < nr; j++)
                {
                    float* column = src + j * ldb;
                    for (int q = p; q < kc; q++) panel[q * nr + j] = j < cols ? column[q] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// Reads 8 consecutive floats from each of <paramref name="rows"/> rows (stride <paramref name="ld"/>; the rest
    /// count as zero) and writes column q of that 8 x 8 block as 8 floats at dst + q*<paramref name="stride"/>, in
    /// increasing q, so with stride 6 each store's two spare lanes are overwritten by the next.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Transpose8(float* src, nint ld, int rows, float* dst, nint stride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src);
        Vector256<float> r1 = Avx.LoadVector256(src + ld);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * ld);
        Vector256<float> r3 = Avx.LoadVector256(src + 3 * ld);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * ld);
        Vector256<float> r5 = Avx.LoadVector256(src + 5 * ld);
        Vector256<float> r6 = rows > 6 ? Avx.LoadVector256(src + 6 * ld) : default;
        Vector256<float> r7 = rows > 7 ? Avx.LoadVector256(src + 7 * ld) : default;

        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + stride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * stride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * stride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * stride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * stride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * stride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * stride, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyPadded(float* src, float* dst, int count, int padded)
    {
        int i = 0;
        for (; i < count; i++) dst[i] = src[i];
        for (; i < padded; i++) dst[i] = 0f;
    }
}
