using System.Runtime.CompilerServices;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels;

/// <summary>
/// The packed, cache-blocked GEMM driver, specialised per micro-kernel. Threads own disjoint
/// column (or row) ranges of C cut at tile boundaries and run the whole loop nest on them with
/// their own packing buffers; the k order of every element is fixed by the KC blocking alone, so
/// results are bit-identical for any thread count, and with B packed ahead (<see cref="PackedMatrix"/>) or not.
/// </summary>
internal sealed class GemmBlocked<TKernel> : IParallelChunks
    where TKernel : struct, IGemmMicroKernel<TKernel>
{
    [ThreadStatic] private static GemmBlocked<TKernel>? cached;

    private unsafe float* a, b, c, packedB;
    private nint lda, ldb, ldc;
    private bool transposeA, transposeB, splitColumns;
    private int m, n, k, kcBlock, chunks;
    private float alpha, beta;

    /// <summary>C = alpha*op(A)*op(B) + beta*C for validated, non-empty sizes (k &gt; 0, alpha != 0).</summary>
    public static unsafe void Run(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads)
        => Start(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, null, GemmBlocking.KcBlock(k, TKernel.Nr), beta, c, ldc, threads);

    /// <summary>As <see cref="Run"/>, with op(B) already packed by <see cref="PackAll"/> in k blocks of <paramref name="kcBlock"/>.</summary>
    public static unsafe void RunPacked(bool transposeA, int m, int n, int k, float alpha, float* a, nint lda, float* packed, int kcBlock, float beta, float* c, nint ldc, int threads)
        => Start(transposeA, false, m, n, k, alpha, a, lda, null, 0, packed, kcBlock, beta, c, ldc, threads);

    /// <summary>
    /// Packs all of op(B) (k x n): k blocks of <paramref name="kcBlock"/> one after another, each
    /// holding every column panel (roundUp(n, Nr) x kc floats); <paramref name="dest"/> needs
    /// roundUp(n, Nr) * k floats plus 8 of slack.
    /// </summary>
    public static unsafe void PackAll(bool transposeB, int k, int n, float* b, nint ldb, int kcBlock, float* dest)
    {
        int nPadded = RoundUp(n, TKernel.Nr);
        for (int pc = 0; pc < k; pc += kcBlock)
        {
            GemmPacking.PackB(transposeB, b, ldb, pc, Math.Min(kcBlock, k - pc), 0, n, dest + (nint)pc * nPadded, TKernel.Nr);
        }
    }

    private static unsafe void Start(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float* a, nint lda, float* b, nint ldb, float* packedB, int kcBlock, float beta, float* c, nint ldc, int threads)
    {
        int rowTiles = (m + TKernel.Mr - 1) / TKernel.Mr;
        int colTiles = (n + TKernel.Nr - 1) / TKernel.Nr;
        long work = (long)m * n * k;
        int chunks = work < GemmBlocking.ParallelMinWork ? 1 : threads;
        if (chunks > 1 && work >= GemmBlocking.SplitMoreWork) chunks *= GemmBlocking.ChunksPerThread;
        bool splitColumns = colTiles >= chunks && (n >= m || rowTiles < chunks);
        chunks = Math.Min(chunks, Math.Max(splitColumns ? colTiles : rowTiles, 1));
        if (chunks <= 1)
        {
            RunRange(transposeA, transposeB, n, k, alpha, a, lda, b, ldb, packedB, kcBlock, beta, c, ldc, 0, m, 0, n);
            return;
        }

        GemmBlocked<TKernel> job = cached ?? new GemmBlocked<TKernel>();
        cached = null; // owned by this call until it returns (a chunk may re-enter on this thread)
        job.transposeA = transposeA; job.transposeB = transposeB; job.splitColumns = splitColumns;
        job.m = m; job.n = n; job.k = k; job.kcBlock = kcBlock; job.chunks = chunks; job.alpha = alpha; job.beta = beta;
        job.a = a; job.b = b; job.packedB = packedB; job.c = c; job.lda = lda; job.ldb = ldb; job.ldc = ldc;
        try
        {
            ForkJoin.Run(chunks, job);
        }
        finally
        {
            job.a = job.b = job.c = job.packedB = null;
            cached = job;
        }
    }

    public unsafe void RunChunk(int index)
    {
        int tile = splitColumns ? TKernel.Nr : TKernel.Mr;
        int length = splitColumns ? n : m;
        int tiles = (length + tile - 1) / tile;
        int start = (int)Math.Min(length, (long)tiles * index / chunks * tile);
        int end = (int)Math.Min(length, (long)tiles * (index + 1) / chunks * tile);
        if (start >= end) return;
        if (splitColumns) RunRange(transposeA, transposeB, n, k, alpha, a, lda, b, ldb, packedB, kcBlock, beta, c, ldc, 0, m, start, end);
        else RunRange(transposeA, transposeB, n, k, alpha, a, lda, b, ldb, packedB, kcBlock, beta, c, ldc, start, end, 0, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static unsafe void RunRange(bool transposeA, bool transposeB, int n, int k, float alpha, float* a, nint lda, float* b, nint ldb, float* packedB, int kcBlock, float beta, float* c, nint ldc, int i0, int i1, int j0, int j1)
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int mcBlock = GemmBlocking.Balanced(i1 - i0, GemmBlocking.Mc, mr);
        int ncBlock = GemmBlocking.Balanced(j1 - j0, GemmBlocking.Nc, nr);
        nint nPadded = RoundUp(n, nr);
        float* ap = GemmBuffers.A(RoundUp(mcBlock, mr) * kcBlock);
        // Few column panels reuse a packed A block too little to pay for packing it: read A in place
        // (weights times a narrow im2col matrix, e.g. a convolution at batch 1). Same bits either way.
        float* direct = !transposeA && n <= GemmBlocking.DirectAMaxColumns ? a : null;
        float* bp = packedB != null ? null : GemmBuffers.B(RoundUp(ncBlock, nr) * kcBlock);
        float* tile = stackalloc float[mr * nr];

        // With a single block of rows, each B micro-panel is used by one sweep over the rows only:
        // pack a few panels right before their sweeps, so they go from the source to L1/L2 instead
        // of through a packed block in L3 (the shape of most convolutions: few output channels);
        // a group of panels reads longer runs of each B row than one panel would.
        bool singleRowBlock = i1 - i0 <= mcBlock;
        for (int jc = j0; jc < j1; jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, j1 - jc);
            for (int pc = 0; pc < k; pc += kcBlock)
            {
                int kc = Math.Min(kcBlock, k - pc);
                float betaBlock = pc == 0 ? beta : 1f; // later k blocks accumulate onto C
                if (singleRowBlock)
                {
                    if (direct == null) GemmPacking.PackA(transposeA, a, lda, i0, i1 - i0, pc, kc, ap, mr);
                    int group = GemmBlocking.PanelGroup * nr;
                    for (int jg = 0; jg < nc; jg += group)
                    {
                        int groupCols = Math.Min(group, nc - jg);
                        float* bGroup = bp;
                        if (packedB != null) bGroup = packedB + pc * nPadded + (nint)(jc + jg) * kc; // column starts are multiples of nr
                        else GemmPacking.PackB(transposeB, b, ldb, pc, kc, jc + jg, groupCols, bp, nr);
                        for (int jr = 0; jr < groupCols; jr += nr)
                        {
                            if (direct != null) SweepRows(kc, direct + i0 * lda + pc, lda, ap, i1 - i0, bGroup + (nint)jr * kc, Math.Min(nr, groupCols - jr), c + i0 * ldc + jc + jg + jr, ldc, alpha, betaBlock, tile);
                            else Sweep(kc, ap, i1 - i0, bGroup + (nint)jr * kc, Math.Min(nr, groupCols - jr), c + i0 * ldc + jc + jg + jr, ldc, alpha, betaBlock, tile);
                        }
                    }

                    continue;
                }

                float* bBlock = bp;
                if (packedB != null) bBlock = packedB + pc * nPadded + (nint)jc * kc;
                else GemmPacking.PackB(transposeB, b, ldb, pc, kc, jc, nc, bp, nr);
                for (int ic = i0; ic < i1; ic += mcBlock)
                {
                    int mc = Math.Min(mcBlock, i1 - ic);
                    if (direct == null) GemmPacking.PackA(transposeA, a, lda, ic, mc, pc, kc, ap, mr);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        if (direct != null) SweepRows(kc, direct + ic * lda + pc, lda, ap, mc, bBlock + (nint)jr * kc, Math.Min(nr, nc - jr), c + ic * ldc + jc + jr, ldc, alpha, betaBlock, tile);
                        else Sweep(kc, ap, mc, bBlock + (nint)jr * kc, Math.Min(nr, nc - jr), c + ic * ldc + jc + jr, ldc, alpha, betaBlock, tile);
                    }
                }
            }
        }
    }

    // One B micro-panel against every A micro-panel of a packed block: a column of register tiles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Sweep(int kc, float* ap, int mc, float* bPanel, int cols, float* cColumn, nint ldc, float alpha, float beta, float* tile)
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* aPanel = ap + (nint)ir * kc;
            float* cTile = cColumn + ir * ldc;
            if (rows == mr && cols == nr)
            {
                TKernel.Run(kc, aPanel, bPanel, nr, cTile, ldc, alpha, beta);
            }
            else
            {
                // Edge tile: same kernel on zero-padded panels into a scratch tile, then the scalar update.
                TKernel.Run(kc, aPanel, bPanel, nr, tile, nr, 1f, 0f);
                GemmTile.Merge(tile, nr, rows, cols, cTile, ldc, alpha, beta);
            }
        }
    }

    // As Sweep, with A read in place (rows lda apart); a last partial tile of rows is packed into
    // scratch (zero-padded) so the kernel never reads past the matrix.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SweepRows(int kc, float* a, nint lda, float* scratch, int mc, float* bPanel, int cols, float* cColumn, nint ldc, float alpha, float beta, float* tile)
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* aRows = a + ir * lda;
            float* cTile = cColumn + ir * ldc;
            if (rows == mr && cols == nr)
            {
                TKernel.RunRows(kc, aRows, lda, bPanel, nr, cTile, ldc, alpha, beta);
            }
            else if (rows == mr)
            {
                TKernel.RunRows(kc, aRows, lda, bPanel, nr, tile, nr, 1f, 0f);
                GemmTile.Merge(tile, nr, rows, cols, cTile, ldc, alpha, beta);
            }
            else
            {
                GemmPacking.PackA(false, aRows, lda, 0, rows, 0, kc, scratch, mr);
                TKernel.Run(kc, scratch, bPanel, nr, tile, nr, 1f, 0f);
                GemmTile.Merge(tile, nr, rows, cols, cTile, ldc, alpha, beta);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
