using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels;

/// <summary>
/// Single-precision general matrix multiply on row-major storage,
/// C = alpha * op(A) * op(B) + beta * C, where op(X) is X or its transpose.
/// <para>
/// Large, wide products (about 200³ multiply-adds and up, at least 1,024 result columns) go to a native BLAS when one was found
/// (<see cref="NativeBlasAvailable"/>), <see cref="UseNativeBlas"/> is on (it is off by default), and the call asks for the
/// engine-wide thread count (the library's own setting; a single-threaded call inside a parallel
/// loop stays managed). Everything else runs managed code: a matrix-vector path for m = 1 or n = 1,
/// an unpacked path for small products, and otherwise the packed, cache-blocked kernels
/// (AVX-512 8 x 48, AVX2 + FMA 6 x 16, or scalar 4 x 4).
/// </para>
/// <para>
/// The managed results are deterministic: the same inputs give the same bits on every run and for
/// every thread count (each element's k order depends on the shape only). The native BLAS gives no
/// such promise.
/// </para>
/// </summary>
public static class Gemm
{
    /// <summary>The widest blocked micro-kernel this machine runs in hardware.</summary>
    internal static readonly GemmKernelKind DefaultKernel =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmKernelKind.Avx512
        : Vector256.IsHardwareAccelerated && GemmKernelAvx2.IsSupported ? GemmKernelKind.Avx2
        : GemmKernelKind.Scalar;

    private static bool useNativeBlas = Environment.GetEnvironmentVariable("FER_NATIVE_BLAS") is { Length: > 0 } setting && setting != "0";

    /// <summary>
    /// Whether large products may go to the native BLAS. Off by default, so that results (a training run's
    /// included) do not depend on whether some library happens to be installed: the environment variable
    /// <c>FER_NATIVE_BLAS</c> set to <c>1</c> or to a library's path turns it on. With it off, every product
    /// runs the managed kernels, which on AVX-512 machines are also the faster ones (docs/benchmarks.md).
    /// </summary>
    public static bool UseNativeBlas
    {
        get => useNativeBlas;
        set => useNativeBlas = value;
    }

    /// <summary>
    /// Whether a native <c>cblas_sgemm</c> (OpenBLAS, MKL, BLIS or Accelerate) was found; the first
    /// read loads it. <c>FER_NATIVE_BLAS=0</c> prevents loading; <c>FER_NATIVE_BLAS=/path/lib</c> names the library.
    /// </summary>
    public static bool NativeBlasAvailable => NativeBlas.IsAvailable;

    /// <summary>The name or path of the loaded native library, or null when none is loaded.</summary>
    public static string? NativeBlasLibrary => NativeBlas.LibraryName;

    /// <summary>The managed micro-kernel this machine runs, e.g. <c>avx2-6x16</c>.</summary>
    public static string ManagedKernel => DefaultKernel switch
    {
        GemmKernelKind.Avx512 => "avx512-8x48",
        GemmKernelKind.Avx2 => "avx2-6x16",
        _ => "scalar-4x4",
    };

    /// <summary>Products with fewer multiply-adds (m*n*k) than this stay managed even when a native BLAS is on.</summary>
    internal static long NativeMinWork { get; set; } = 1L << 23;

    /// <summary>
    /// Products with fewer result columns (n) than this stay managed even when a native BLAS is on. Narrow
    /// products are what batch-1 convolutions make (n = the output plane, 16 to 784 columns for ResNet-18 at
    /// 112 px); measured on 2 cores, OpenBLAS ran them slower than the managed kernels, its threads
    /// spin-waiting after each call against the engine's own workers (docs/benchmarks.md).
    /// </summary>
    internal static int NativeMinColumns { get; set; } = 1024;

    /// <summary>Products with at most this many multiply-adds (and k within one KC block) take the unpacked small path.</summary>
    internal static long SmallMaxWork { get; set; } = 1L << 17;

    /// <summary>
    /// C = alpha * op(A) * op(B) + beta * C. op(A) is m x k, op(B) is k x n, C is m x n, all row-major:
    /// element (i, j) of a matrix X with leading dimension ldx is x[i*ldx + j]. When
    /// <paramref name="transposeA"/> is true A is stored k x m (so op(A) = Aᵀ), and likewise for B.
    /// When beta is 0, C's old content is ignored (NaN in C does not propagate); when alpha is 0 or k
    /// is 0, A and B are not read. C must not overlap A or B.
    /// </summary>
    /// <param name="transposeA">Use the transpose of the stored A.</param>
    /// <param name="transposeB">Use the transpose of the stored B.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of the stored A: at least its column count (k, or m when transposed), and at least 1.</param>
    /// <param name="b">Storage of B.</param>
    /// <param name="ldb">Row stride of the stored B: at least its column count (n, or k when transposed), and at least 1.</param>
    /// <param name="beta">Scale of C's old content.</param>
    /// <param name="c">Storage of C, updated in place.</param>
    /// <param name="ldc">Row stride of C: at least n, and at least 1.</param>
    /// <param name="threads">Threads to use: 0 means <see cref="Parallelism.ThreadCount"/>, 1 runs on the calling thread only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or stride is negative or too small, or threads is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix needs, or C overlaps A or B.</exception>
    public static unsafe void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        int engineThreads = Parallelism.ThreadCount;
        int t = threads == 0 ? engineThreads : threads;
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (RunsNative(useNativeBlas, m, n, k, t, engineThreads))
            {
                NativeBlas.Sgemm(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }

            Managed(GemmKernelKind.Auto, transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, t);
        }
    }

    /// <summary>
    /// C = alpha * op(A) * B + beta * C with B packed ahead by <see cref="PackedMatrix.Pack"/>; op(A) is
    /// m x <see cref="PackedMatrix.Rows"/>, C is m x <see cref="PackedMatrix.Columns"/>. Always runs the
    /// managed kernels (no native BLAS), with the same bits as the unpacked managed product.
    /// </summary>
    /// <param name="transposeA">Use the transpose of the stored A (stored k x m).</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A.</param>
    /// <param name="lda">Row stride of the stored A.</param>
    /// <param name="b">The packed right-hand operand.</param>
    /// <param name="beta">Scale of C's old content (0: C is not read).</param>
    /// <param name="c">Storage of C, updated in place.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="threads">Threads to use: 0 means <see cref="Parallelism.ThreadCount"/>, 1 the calling thread only.</param>
    /// <exception cref="ArgumentNullException"><paramref name="b"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, threads or a stride is out of range.</exception>
    /// <exception cref="ArgumentException">A span is too short, or C overlaps A.</exception>
    public static unsafe void Multiply(bool transposeA, int m, float alpha, ReadOnlySpan<float> a, int lda, PackedMatrix b, float beta, Span<float> c, int ldc, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        int n = b.Columns, k = b.Rows;
        Validate(transposeA, false, m, n, k, a, lda, ReadOnlySpan<float>.Empty, Math.Max(1, n), c, ldc, checkB: false);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        int t = Parallelism.Resolve(threads);
        fixed (float* pa = a, pc = c, pb = b.Data)
        {
            float* packed = pb + b.Offset;
            switch (b.Kernel)
            {
                case GemmKernelKind.Avx512:
                    GemmBlocked<GemmKernelAvx512>.RunPacked(transposeA, m, n, k, alpha, pa, lda, packed, b.KcBlock, beta, pc, ldc, t);
                    break;
                case GemmKernelKind.Avx2:
                    GemmBlocked<GemmKernelAvx2>.RunPacked(transposeA, m, n, k, alpha, pa, lda, packed, b.KcBlock, beta, pc, ldc, t);
                    break;
                default:
                    GemmBlocked<GemmKernelScalar>.RunPacked(transposeA, m, n, k, alpha, pa, lda, packed, b.KcBlock, beta, pc, ldc, t);
                    break;
            }
        }
    }

    /// <summary>Whether a product goes to the native BLAS: only when asked for, large, wide, and on the engine-wide thread count.</summary>
    internal static bool RunsNative(bool useNative, int m, int n, int k, int threads, int engineThreads)
        => useNative && (long)m * n * k >= NativeMinWork && n >= NativeMinColumns && NativeBlas.CanRun(threads, engineThreads);

    /// <summary>The managed path, or one forced managed path (tests run every kernel on every machine).</summary>
    internal static unsafe void MultiplyManaged(GemmKernelKind kernel, bool transposeA, bool transposeB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads)
    {
        Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            Managed(kernel, transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, Parallelism.Resolve(threads));
        }
    }

    /// <summary>The native path alone, whatever the size (tests); false when no library is loaded.</summary>
    internal static unsafe bool MultiplyNative(bool transposeA, bool transposeB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc);
        if (!NativeBlas.CanRun(Parallelism.ThreadCount, Parallelism.ThreadCount)) return false;
        if (m == 0 || n == 0) return true;
        fixed (float* pa = a, pb = b, pc = c)
        {
            NativeBlas.Sgemm(transposeA, transposeB, m, n, k, alpha, pa, Math.Max(1, lda), pb, Math.Max(1, ldb), beta, pc, Math.Max(1, ldc));
        }

        return true;
    }

    private static unsafe void Managed(GemmKernelKind kernel, bool transposeA, bool transposeB, int m, int n, int k, float alpha, float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads)
    {
        if (kernel == GemmKernelKind.Auto)
        {
            kernel = m == 1 || n == 1 ? GemmKernelKind.Vector
                : (long)m * n * k <= SmallMaxWork && k <= GemmBlocking.Kc && GemmSmall.IsSupported ? GemmKernelKind.Small
                : DefaultKernel;
        }

        switch (kernel)
        {
            case GemmKernelKind.Vector when m == 1:
                // Row vector times matrix: c[j] = sum_p opA[0,p] * opB[p,j].
                GemmVector.Run(dots: transposeB, n, k, alpha, a, transposeA ? lda : 1, b, ldb, beta, c, 1, threads);
                break;
            case GemmKernelKind.Vector when n == 1:
                // Matrix times column vector: c[i] = sum_p opA[i,p] * opB[p,0].
                GemmVector.Run(dots: !transposeA, m, k, alpha, b, transposeB ? 1 : ldb, a, lda, beta, c, ldc, threads);
                break;
            case GemmKernelKind.Small when GemmSmall.IsSupported:
                GemmSmall.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                break;
            case GemmKernelKind.Avx512:
                GemmBlocked<GemmKernelAvx512>.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
            case GemmKernelKind.Avx2 when GemmKernelAvx2.IsSupported:
                GemmBlocked<GemmKernelAvx2>.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
            case GemmKernelKind.Scalar:
                GemmBlocked<GemmKernelScalar>.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
                break;
            default:
                throw new PlatformNotSupportedException($"GEMM path {kernel} cannot run here (m={m}, n={n}).");
        }
    }

    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0f) row.Clear();
            else if (beta != 1f) TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>Checks sizes, strides, span lengths and overlap; shared with <see cref="GemmReference"/>.</summary>
    internal static void Validate(bool transposeA, bool transposeB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> c, int ldc, bool checkB = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        long needA = ValidateMatrix(transposeA ? k : m, transposeA ? m : k, lda, a.Length, "A", transposeA, nameof(a), nameof(lda));
        long needB = checkB ? ValidateMatrix(transposeB ? n : k, transposeB ? k : n, ldb, b.Length, "B", transposeB, nameof(b), nameof(ldb)) : 0;
        long needC = ValidateMatrix(m, n, ldc, c.Length, "C", false, nameof(c), nameof(ldc));
        if (needC > 0 && m > 0 && n > 0 && k > 0)
        {
            ReadOnlySpan<float> used = c[..(int)needC];
            if (needA > 0 && used.Overlaps(a[..(int)needA]))
                throw new ArgumentException("C must not overlap A.", nameof(c));
            if (needB > 0 && used.Overlaps(b[..(int)needB]))
                throw new ArgumentException("C must not overlap B.", nameof(c));
        }
    }

    /// <summary>Checks a stored rows x cols matrix with row stride ld; returns the elements it needs, (rows-1)*ld + cols (0 when empty).</summary>
    internal static long ValidateMatrix(int rows, int cols, int ld, int length, string matrix, bool transposed, string spanName, string ldName)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(ldName, ld,
                $"{ldName} must be at least max(1, {cols}), the column count of the stored {matrix} ({rows} x {cols}{(transposed ? ", transposed" : "")}).");
        }

        long need = rows == 0 || cols == 0 ? 0 : ((long)rows - 1) * ld + cols;
        if (length < need)
        {
            throw new ArgumentException(
                $"{spanName} has {length} elements but the stored {matrix} ({rows} x {cols}{(transposed ? ", transposed" : "")}, row stride {ld}) needs {need}.", spanName);
        }

        return need;
    }
}
