using System.Diagnostics;
using System.Globalization;
using Fer.Tensors.Kernels;
using Fer.Tensors.Threading;

namespace Fer.Benchmarks;

/// <summary>
/// Stopwatch GFLOP/s of <see cref="Gemm"/>: median of several timed samples after a warm-up, each
/// sample repeating the product for at least 25 ms. All managed runs come before native ones, so
/// OpenBLAS's spinning worker threads cannot steal the managed runs' cores.
/// </summary>
internal static class GemmStopwatch
{
    public static int Run(string[] args)
    {
        int threads = IntOption(args, "--threads", 2);
        int samples = IntOption(args, "--samples", 9);
        int[] sizes = ListOption(args, "--sizes", [512, 1024, 2048]);
        Parallelism.ThreadCount = threads;
        GemmBlocking.Kc = IntOption(args, "--kc", GemmBlocking.Kc);
        GemmBlocking.Mc = IntOption(args, "--mc", GemmBlocking.Mc);
        GemmBlocking.Nc = IntOption(args, "--nc", GemmBlocking.Nc);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"threads {threads}, kernel {Gemm.ManagedKernel}, KC {GemmBlocking.Kc} MC {GemmBlocking.Mc} NC {GemmBlocking.Nc}, native: {Gemm.NativeBlasLibrary ?? "none"}"));

        switch (args[0])
        {
            case "gemm":
                Square(sizes, samples, managed: true, native: Gemm.NativeBlasAvailable);
                break;
            case "gemm-tune":
                Square(sizes, samples, managed: true, native: false);
                break;
            case "gemm-shapes":
                Shapes(samples);
                break;
            case "gemm-kernel":
                Kernel(IntOption(args, "--kc", 256));
                break;
            case "gemm-small":
                Small(samples);
                break;
            default:
                Console.Error.WriteLine("modes: gemm, gemm-tune, gemm-shapes, gemm-small [--threads N] [--sizes a,b] [--samples N] [--kc N --mc N --nc N]");
                return 2;
        }

        return 0;
    }

    private static void Square(int[] sizes, int samples, bool managed, bool native)
    {
        var results = new Dictionary<(int, bool), double>();
        foreach (bool useNative in new[] { false, true })
        {
            if (useNative ? !native : !managed) continue;
            Gemm.UseNativeBlas = useNative;
            foreach (int size in sizes)
            {
                results[(size, useNative)] = Measure(false, false, size, size, size, samples);
            }

            if (!useNative) Thread.Sleep(200);
        }

        Console.WriteLine("size    managed GFLOP/s   native GFLOP/s");
        foreach (int size in sizes)
        {
            string m = results.TryGetValue((size, false), out double gm) ? gm.ToString("F1", CultureInfo.InvariantCulture) : "-";
            string n = results.TryGetValue((size, true), out double gn) ? gn.ToString("F1", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"{size,-7} {m,15}   {n,14}");
        }
    }

    private static void Shapes(int samples)
    {
        // Square transposes, and shapes of convolution-as-GEMM (Cout x HW x Cin*9) and a linear layer.
        (bool Ta, bool Tb, int M, int N, int K)[] shapes =
        [
            (false, false, 1024, 1024, 1024), (false, true, 1024, 1024, 1024), (true, false, 1024, 1024, 1024), (true, true, 1024, 1024, 1024),
            (false, false, 64, 3136, 576), (false, false, 128, 784, 1152), (false, false, 256, 196, 2304), (false, false, 32, 12544, 27),
            (false, true, 64, 576, 3136), (true, false, 576, 3136, 64), (false, true, 256, 512, 4096), (false, false, 1, 4096, 4096), (false, true, 1, 4096, 4096),
        ];
        Console.WriteLine("shape                         managed GFLOP/s   native GFLOP/s");
        foreach (var s in shapes)
        {
            Gemm.UseNativeBlas = false;
            double managed = Measure(s.Ta, s.Tb, s.M, s.N, s.K, samples);
            Gemm.UseNativeBlas = true;
            double native = Gemm.NativeBlasAvailable ? Measure(s.Ta, s.Tb, s.M, s.N, s.K, samples) : double.NaN;
            Gemm.UseNativeBlas = false;
            Thread.Sleep(200);
            string name = $"{(s.Ta ? "T" : "N")}{(s.Tb ? "T" : "N")} {s.M}x{s.N}x{s.K}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-29} {managed,15:F1}   {native,14:F1}"));
        }
    }

    private static void Small(int samples)
    {
        Console.WriteLine("m x n x k            managed ns   reference ns  managed GFLOP/s");
        Gemm.UseNativeBlas = false;
        int[][] shapes = [[1, 1, 1], [4, 4, 4], [8, 8, 8], [16, 16, 16], [32, 32, 32], [64, 64, 64], [128, 128, 128], [1, 256, 256], [256, 1, 256], [7, 9, 13], [33, 65, 17]];
        foreach (int[] s in shapes)
        {
            double flops = 2.0 * s[0] * s[1] * s[2];
            double managed = flops / Measure(false, false, s[0], s[1], s[2], samples, reference: false) ;
            double reference = flops / Measure(false, false, s[0], s[1], s[2], samples, reference: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{$"{s[0]}x{s[1]}x{s[2]}",-20} {managed,10:F0}   {reference,12:F0}  {flops / managed,15:F2}"));
        }
    }

    /// <summary>The AVX2 micro-kernel alone on L1-resident panels: the ceiling of the blocked driver on one core.</summary>
    private static unsafe void Kernel(int kc)
    {
        float* a = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(kc * 6 * 4), 64);
        float* b = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(kc * 16 * 4), 64);
        float* c = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(6 * 16 * 4, 64);
        for (int i = 0; i < kc * 6; i++) a[i] = 0.001f * i;
        for (int i = 0; i < kc * 16; i++) b[i] = 0.002f * i;
        for (int round = 0; round < 5; round++)
        {
            const int Calls = 200_000;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++) GemmKernelAvx2.Run(kc, a, b, 16, c, 16, 1f, 0f);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel 6x16 kc {kc}: {2.0 * 6 * 16 * kc * Calls / seconds / 1e9:F1} GFLOP/s"));
        }
    }

    /// <summary>Median GFLOP/s of C = op(A) op(B) (flops per nanosecond).</summary>
    private static double Measure(bool ta, bool tb, int m, int n, int k, int samples, bool reference = false)
    {
        var random = new Random(1);
        float[] a = Fill(m * k, random), b = Fill(k * n, random), c = new float[m * n];
        int lda = ta ? m : k, ldb = tb ? k : n;
        void Once()
        {
            if (reference) GemmReference.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            else Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
        }

        // Warm-up: JIT tiers, page faults, buffers; then size a sample to at least 25 ms.
        var watch = Stopwatch.StartNew();
        int warm = 0;
        while (warm < 3 || watch.ElapsedMilliseconds < 200) { Once(); warm++; }
        double perCall = watch.Elapsed.TotalSeconds / warm;
        int reps = Math.Max(1, (int)(0.025 / perCall));
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < reps; r++) Once();
            times[s] = Stopwatch.GetElapsedTime(start).TotalSeconds / reps;
        }

        Array.Sort(times);
        return 2.0 * m * n * k / times[samples / 2] / 1e9;
    }

    private static float[] Fill(int length, Random random)
    {
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble() - 0.5f;
        return x;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static int[] ListOption(string[] args, string name, int[] fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1].Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray() : fallback;
    }
}
