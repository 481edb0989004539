using System.Runtime.InteropServices;

namespace Fer.Tensors.Kernels;

/// <summary>
/// Finds an optimised BLAS at run time (OpenBLAS, MKL, BLIS or Apple Accelerate) and calls its
/// <c>cblas_sgemm</c> through a function pointer. Nothing is loaded until the first use. A generic
/// name (libblas.so.3, libcblas.so.3) is accepted only when the library proves to be one of the
/// optimised ones (Debian's alternatives point those names at OpenBLAS or at the slow reference
/// BLAS); <c>FER_NATIVE_BLAS=/path/to/lib</c> loads one library and trusts it as it is.
/// </summary>
internal static unsafe class NativeBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly object Gate = new();
    private static bool loaded;
    private static delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    private static delegate* unmanaged[Cdecl]<int, void> setThreads;
    private static delegate* unmanaged[Cdecl]<long, void> setThreadsLong;
    private static int threadsSet;
    private static string? libraryPath;

    /// <summary>The path or name of the loaded library, or null when none was found.</summary>
    public static string? LibraryName
    {
        get
        {
            EnsureLoaded();
            return libraryPath;
        }
    }

    /// <summary>Whether a <c>cblas_sgemm</c> was found.</summary>
    public static bool IsAvailable
    {
        get
        {
            EnsureLoaded();
            return sgemm != null;
        }
    }

    /// <summary>
    /// Whether the library can run a product on <paramref name="threads"/> threads: always when it has
    /// no thread setting of its own; otherwise only for the engine-wide count, which it is set to
    /// (a library-wide setting cannot serve a single-threaded call inside a parallel loop).
    /// </summary>
    public static bool CanRun(int threads, int engineThreads)
    {
        if (!IsAvailable) return false;
        if (setThreads == null && setThreadsLong == null) return true;
        if (threads != engineThreads) return false;
        if (Volatile.Read(ref threadsSet) != engineThreads)
        {
            lock (Gate)
            {
                if (threadsSet != engineThreads)
                {
                    if (setThreads != null) setThreads(engineThreads);
                    else setThreadsLong(engineThreads);
                    threadsSet = engineThreads;
                }
            }
        }

        return true;
    }

    /// <summary>Calls cblas_sgemm (row-major); sizes are validated by the caller.</summary>
    public static void Sgemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
        => sgemm(RowMajor, transposeA ? Trans : NoTrans, transposeB ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    private static void EnsureLoaded()
    {
        if (Volatile.Read(ref loaded)) return;
        lock (Gate)
        {
            if (loaded) return;
            try
            {
                Load();
            }
            finally
            {
                Volatile.Write(ref loaded, true);
            }
        }
    }

    private static void Load()
    {
        string? setting = Environment.GetEnvironmentVariable("FER_NATIVE_BLAS");
        if (setting == "0") return;
        if (!string.IsNullOrEmpty(setting) && setting != "1")
        {
            if (NativeLibrary.TryLoad(setting, out IntPtr forced)) Bind(forced, setting, requireOptimised: false);
            return;
        }

        foreach ((string name, bool generic) in Candidates())
        {
            if (!NativeLibrary.TryLoad(name, out IntPtr handle)) continue;
            if (Bind(handle, name, requireOptimised: generic)) return;
            NativeLibrary.Free(handle);
        }
    }

    private static bool Bind(IntPtr handle, string name, bool requireOptimised)
    {
        if (!NativeLibrary.TryGetExport(handle, "cblas_sgemm", out IntPtr gemm)) return false;
        IntPtr threads = IntPtr.Zero, threadsLong = IntPtr.Zero;
        bool known = NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out threads)
            || NativeLibrary.TryGetExport(handle, "MKL_Set_Num_Threads", out threads)
            || NativeLibrary.TryGetExport(handle, "bli_thread_set_num_threads", out threadsLong)
            || name.Contains("Accelerate", StringComparison.Ordinal);
        if (requireOptimised && !known) return false;
        sgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)gemm;
        setThreads = (delegate* unmanaged[Cdecl]<int, void>)threads;
        setThreadsLong = (delegate* unmanaged[Cdecl]<long, void>)threadsLong;
        libraryPath = name;
        return true;
    }

    private static IEnumerable<(string Name, bool Generic)> Candidates()
    {
        if (OperatingSystem.IsWindows())
        {
            yield return ("libopenblas.dll", false);
            yield return ("openblas.dll", false);
            yield return ("mkl_rt.2.dll", false);
            yield return ("mkl_rt.dll", false);
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return ("libopenblas.dylib", false);
            yield return ("/opt/homebrew/opt/openblas/lib/libopenblas.dylib", false);
            yield return ("/usr/local/opt/openblas/lib/libopenblas.dylib", false);
            yield return ("/System/Library/Frameworks/Accelerate.framework/Accelerate", false);
        }
        else
        {
            yield return ("libopenblas.so.0", false);
            yield return ("libopenblas.so", false);
            yield return ("libmkl_rt.so.2", false);
            yield return ("libmkl_rt.so", false);
            yield return ("libblis.so.4", false);
            yield return ("libblas.so.3", true);
            yield return ("libcblas.so.3", true);
        }
    }
}
