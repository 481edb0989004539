using System.Runtime.CompilerServices;

namespace Fer.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded micro-panel layouts the
/// micro-kernels read: A as panels of <c>mr</c> rows (for each k step, mr row values side by side),
/// B as panels of <c>nr</c> columns (for each k step, nr column values side by side).
/// </summary>
internal static class GemmPacking
{
    /// <summary>
    /// Packs rows [i0, i0+mc) and k steps [p0, p0+kc) of op(A) into <paramref name="dest"/>:
    /// panel q (rows i0+q*mr ...) starts at dest + q*mr*kc. Missing rows of the last panel are zeros.
    /// </summary>
    public static unsafe void PackA(bool transposeA, float* a, nint lda, int i0, int mc, int p0, int kc, float* dest, int mr)
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* panel = dest + (nint)ir * kc;
            if (!transposeA)
            {
                // A is stored m x k: each row is contiguous along k; scatter it into column r of the panel.
                for (int r = 0; r < rows; r++)
                {
                    float* src = a + (i0 + ir + r) * lda + p0;
                    float* dst = panel + r;
                    for (int p = 0; p < kc; p++) dst[p * mr] = src[p];
                }

                for (int r = rows; r < mr; r++)
                {
                    for (int p = 0; p < kc; p++) panel[p * mr + r] = 0f;
                }
            }
            else
            {
                // A is stored k x m: the mr values of one k step are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (p0 + p) * lda + i0 + ir;
                    float* dst = panel + p * mr;
                    Copy(src, dst, rows, mr);
                }
            }
        }
    }

    /// <summary>
    /// Packs k steps [p0, p0+kc) and columns [j0, j0+nc) of op(B) into <paramref name="dest"/>:
    /// panel q (columns j0+q*nr ...) starts at dest + q*nr*kc. Missing columns are zeros.
    /// </summary>
    public static unsafe void PackB(bool transposeB, float* b, nint ldb, int p0, int kc, int j0, int nc, float* dest, int nr)
    {
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* panel = dest + (nint)jr * kc;
            if (!transposeB)
            {
                // B is stored k x n: the nr values of one k step are contiguous.
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (p0 + p) * ldb + j0 + jr;
                    Copy(src, panel + p * nr, cols, nr);
                }
            }
            else
            {
                // B is stored n x k: each column of op(B) is a contiguous row of storage.
                for (int j = 0; j < cols; j++)
                {
                    float* src = b + (j0 + jr + j) * ldb + p0;
                    float* dst = panel + j;
                    for (int p = 0; p < kc; p++) dst[p * nr] = src[p];
                }

                for (int j = cols; j < nr; j++)
                {
                    for (int p = 0; p < kc; p++) panel[p * nr + j] = 0f;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Copy(float* src, float* dst, int count, int padded)
    {
        if (count == padded)
        {
            Unsafe.CopyBlockUnaligned(dst, src, (uint)(count * sizeof(float)));
            return;
        }

        for (int i = 0; i < count; i++) dst[i] = src[i];
        for (int i = count; i < padded; i++) dst[i] = 0f;
    }
}
