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

    [SkipLocalsInit]
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

    // out[j] = sum_p x[p] * r[p*ldr + j]; 64 columns (8 accumulators) per pass over the rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rows(int k, float* x, float* r, nint ldr, float* output, int count)
    {
        int j = 0;
        if (UseSimd)
        {
            for (; j + 64 <= count; j += 64)
            {
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                Vector256<float> s4 = default, s5 = default, s6 = default, s7 = default;
                float* rp = r + j;
                for (int p = 0; p < k; p++, rp += ldr)
                {
                    Vector256<float> xp = Vector256.Create(x[p]);
                    s0 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp), s0);
                    s1 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 8), s1);
                    s2 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 16), s2);
                    s3 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 24), s3);
                    s4 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 32), s4);
                    s5 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 40), s5);
                    s6 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 48), s6);
                    s7 = Fma.MultiplyAdd(xp, Avx.LoadVector256(rp + 56), s7);
                }

                Avx.Store(output + j, s0);
                Avx.Store(output + j + 8, s1);
                Avx.Store(output + j + 16, s2);
                Avx.Store(output + j + 24, s3);
                Avx.Store(output + j + 32, s4);
                Avx.Store(output + j + 40, s5);
                Avx.Store(output + j + 48, s6);
                Avx.Store(output + j + 56, s7);
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

    // out[j] = sum_p x[p] * r[j*ldr + p]. Per output: two 8-lane accumulators over steps of 16, one
    // more step of 8, a fixed-order reduction, then a scalar tail; four outputs share each load of x.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Dots(int k, float* x, float* r, nint ldr, float* output, int count)
    {
        int j = 0;
        if (UseSimd)
        {
            int k16 = k & ~15;
            for (; j + 4 <= count; j += 4)
            {
                float* r0 = r + j * ldr;
                float* r1 = r0 + ldr, r2 = r1 + ldr, r3 = r2 + ldr;
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                Vector256<float> t0 = default, t1 = default, t2 = default, t3 = default;
                for (int p = 0; p < k16; p += 16)
                {
                    Vector256<float> xa = Avx.LoadVector256(x + p), xb = Avx.LoadVector256(x + p + 8);
                    s0 = Fma.MultiplyAdd(xa, Avx.LoadVector256(r0 + p), s0);
                    t0 = Fma.MultiplyAdd(xb, Avx.LoadVector256(r0 + p + 8), t0);
                    s1 = Fma.MultiplyAdd(xa, Avx.LoadVector256(r1 + p), s1);
                    t1 = Fma.MultiplyAdd(xb, Avx.LoadVector256(r1 + p + 8), t1);
                    s2 = Fma.MultiplyAdd(xa, Avx.LoadVector256(r2 + p), s2);
                    t2 = Fma.MultiplyAdd(xb, Avx.LoadVector256(r2 + p + 8), t2);
                    s3 = Fma.MultiplyAdd(xa, Avx.LoadVector256(r3 + p), s3);
                    t3 = Fma.MultiplyAdd(xb, Avx.LoadVector256(r3 + p + 8), t3);
                }

                output[j] = Finish(k, k16, x, r0, s0, t0);
                output[j + 1] = Finish(k, k16, x, r1, s1, t1);
                output[j + 2] = Finish(k, k16, x, r2, s2, t2);
                output[j + 3] = Finish(k, k16, x, r3, s3, t3);
            }

            for (; j < count; j++)
            {
                float* rj = r + j * ldr;
                Vector256<float> s = default, t = default;
                for (int p = 0; p < k16; p += 16)
                {
                    s = Fma.MultiplyAdd(Avx.LoadVector256(x + p), Avx.LoadVector256(rj + p), s);
                    t = Fma.MultiplyAdd(Avx.LoadVector256(x + p + 8), Avx.LoadVector256(rj + p + 8), t);
                }

                output[j] = Finish(k, k16, x, rj, s, t);
            }

            return;
        }

        for (; j < count; j++) output[j] = Tail(k, 0, x, r + j * ldr, 0f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float Finish(int k, int from, float* x, float* row, Vector256<float> s, Vector256<float> t)
    {
        if (from + 8 <= k)
        {
            s = Fma.MultiplyAdd(Avx.LoadVector256(x + from), Avx.LoadVector256(row + from), s);
            from += 8;
        }

        return Tail(k, from, x, row, Vector256.Sum(Avx.Add(s, t)));
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
