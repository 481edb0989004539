using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels;

/// <summary>
/// Matrix-vector products (GEMM with m = 1 or n = 1) without packing: they are memory-bound, so
/// they stream the matrix once. Two shapes cover all transpose cases: "rows" (out[j] = sum_p
/// x[p]*R[p, j], broadcasting x over contiguous rows) and "dots" (out[j] = dot(x, R[j, :])). Each
/// output element's k order is fixed, so any split over outputs gives the same bits.
/// </summary>
internal sealed class GemmVector : IParallelChunks
{
    private static readonly bool UseSimd = Vector256.IsHardwareAccelerated && Fma.IsSupported;

    [ThreadStatic] private static GemmVector? cached;

    private unsafe float* x, r, y;
    private nint ldr, incy;
    private int k, length, chunks;
    private bool dots;
    private float alpha, beta;

    /// <summary>
    /// y[j*incy] = alpha * sum_p x[p*incx] * R(p, j) + beta * y[j*incy] for j in [0, length), where
    /// R(p, j) = r[p*ldr + j] (rows) or r[j*ldr + p] (dots). k &gt; 0, alpha != 0.
    /// </summary>
    public static unsafe void Run(bool dots, int length, int k, float alpha, float* x, nint incx, float* r, nint ldr, float beta, float* y, nint incy, int threads)
    {
        if (incx != 1)
        {
            // Gather the strided vector once; every chunk reads the copy.
            float* packed = GemmBuffers.A(k);
            for (int p = 0; p < k; p++) packed[p] = x[p * incx];
            x = packed;
        }

        int chunks = (long)length * k < 4 * GemmBlocking.ParallelMinWork ? 1 : Math.Min(threads, Math.Max(1, length / 64));
        if (chunks <= 1)
        {
            RunRange(dots, k, alpha, x, r, ldr, beta, y, incy, 0, length);
            return;
        }

        GemmVector job = cached ?? new GemmVector();
        cached = null;
        job.dots = dots; job.length = length; job.k = k; job.alpha = alpha; job.beta = beta; job.chunks = chunks;
        job.x = x; job.r = r; job.ldr = ldr; job.y = y; job.incy = incy;
        try
        {
            ForkJoin.Run(chunks, job);
        }
        finally
        {
            job.x = job.r = job.y = null;
            cached = job;
        }
    }

    public unsafe void RunChunk(int index)
    {
        // Chunk edges on multiples of 32 keep the SIMD blocks whole.
        int blocks = (length + 31) / 32;
        int start = (int)Math.Min(length, (long)blocks * index / chunks * 32);
        int end = (int)Math.Min(length, (long)blocks * (index + 1) / chunks * 32);
        if (start < end) RunRange(dots, k, alpha, x, r, ldr, beta, y, incy, start, end);
    }

    private static unsafe void RunRange(bool dots, int k, float alpha, float* x, float* r, nint ldr, float beta, float* y, nint incy, int start, int end)
    {
        // Raw sums go to a scratch buffer, then one pass applies alpha/beta with the shared formula.
        const int Block = 256;
        float* sums = stackalloc float[Block];
        for (int j0 = start; j0 < end; j0 += Block)
        {
            int count = Math.Min(Block, end - j0);
            if (dots) Dots(k, x, r + j0 * ldr, ldr, sums, count);
            else Rows(k, x, r + j0, ldr, sums, count);
            float* yj = y + j0 * incy;
            for (int j = 0; j < count; j++) yj[j * incy] = GemmTile.Update(sums[j], yj[j * incy], alpha, beta);
        }
    }

    // out[j] = sum_p x[p] * r[p*ldr + j]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rows(int k, float* x, float* r, nint ldr, float* output, int count)
    {
        int j = 0;
        if (UseSimd)
        {
            for (; j + 32 <= count; j += 32)
            {
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                float* rp = r + j;
                for (int p = 0; p < k; p++, rp += ldr)
                {
                    Vector256<float> xp = Vector256.Create(x[p]);
                    s0 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp), s0);
                    s1 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 8), s1);
                    s2 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 16), s2);
                    s3 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 24), s3);
                }

                Avx.Store(output + j, s0);
                Avx.Store(output + j + 8, s1);
                Avx.Store(output + j + 16, s2);
                Avx.Store(output + j + 24, s3);
            }

            for (; j + 8 <= count; j += 8)
            {
                Vector256<float> s0 = default;
                float* rp = r + j;
                for (int p = 0; p < k; p++, rp += ldr) s0 = Fma.MultiplyAdd(Vector256.Create(x[p]), Avx.LoadVector256(rp), s0);
                Avx.Store(output + j, s0);
            }
        }

        for (; j < count; j++)
        {
            float s = 0f;
            float* rp = r + j;
            for (int p = 0; p < k; p++, rp += ldr) s = MulAdd(x[p], *rp, s);
            output[j] = s;
        }
    }

    // out[j] = sum_p x[p] * r[j*ldr + p]; one 8-lane accumulator per output, then a fixed-order reduction.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Dots(int k, float* x, float* r, nint ldr, float* output, int count)
    {
        int j = 0;
        int kv = UseSimd ? k & ~7 : 0;
        if (UseSimd)
        {
            for (; j + 4 <= count; j += 4)
            {
                float* r0 = r + j * ldr;
                float* r1 = r0 + ldr, r2 = r1 + ldr, r3 = r2 + ldr;
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (int p = 0; p < kv; p += 8)
                {
                    Vector256<float> xp = Avx.LoadVector256(x + p);
                    s0 = Fma.MultiplyAdd(xp, Avx.LoadVector256(r0 + p), s0);
                    s1 = Fma.MultiplyAdd(xp, Avx.LoadVector256(r1 + p), s1);
                    s2 = Fma.MultiplyAdd(xp, Avx.LoadVector256(r2 + p), s2);
                    s3 = Fma.MultiplyAdd(xp, Avx.LoadVector256(r3 + p), s3);
                }

                output[j] = Tail(k, kv, x, r0, Vector256.Sum(s0));
                output[j + 1] = Tail(k, kv, x, r1, Vector256.Sum(s1));
                output[j + 2] = Tail(k, kv, x, r2, Vector256.Sum(s2));
                output[j + 3] = Tail(k, kv, x, r3, Vector256.Sum(s3));
            }
        }

        for (; j < count; j++)
        {
            float* rj = r + j * ldr;
            Vector256<float> s = default;
            for (int p = 0; p < kv; p += 8) s = Fma.MultiplyAdd(Avx.LoadVector256(x + p), Avx.LoadVector256(rj + p), s);
            output[j] = Tail(k, kv, x, rj, kv > 0 ? Vector256.Sum(s) : 0f);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float Tail(int k, int from, float* x, float* row, float sum)
    {
        for (int p = from; p < k; p++) sum = MulAdd(x[p], row[p], sum);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MulAdd(float a, float b, float c) => UseSimd ? MathF.FusedMultiplyAdd(a, b, c) : c + a * b;
}
