using System.Diagnostics;
using System.Globalization;
using Fer.Tensors.Kernels;
using Fer.Tensors.Threading;

namespace Fer.Benchmarks;

/// <summary>
/// Stopwatch GFLOP/s of <see cref="Gemm"/>: median of several timed samples after a warm-up, each
/// sample repeating the product for at least 60 ms. All managed runs come before native ones, so
/// OpenBLAS's spinning worker threads cannot steal the managed runs' cores.
/// </summary>
internal static class GemmStopwatch
{
    private static bool UseBest;
    private static bool Verbose;
    private static int WarmupMs = 200;

    public static int Run(string[] args)
    {
        int threads = IntOption(args, "--threads", 2);
        UseBest = args.Contains("--best");
        Verbose = args.Contains("--verbose");
        int samples = IntOption(args, "--samples", 9);
        int[] sizes = args[0] == "gemm-sweep" ? [] : ListOption(args, "--sizes", [512, 1024, 2048]);
        Parallelism.ThreadCount = threads;
        GemmBlocking.Kc = IntOption(args, "--kc", GemmBlocking.Kc);
        GemmBlocking.Mc = IntOption(args, "--mc", GemmBlocking.Mc);
        GemmBlocking.Nc = IntOption(args, "--nc", GemmBlocking.Nc);
        GemmBlocking.ChunksPerThread = IntOption(args, "--chunks", GemmBlocking.ChunksPerThread);
        GemmBlocking.PanelGroup = IntOption(args, "--group", GemmBlocking.PanelGroup);
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
            case "gemm-sweep":
                Sweep(args);
                break;
            case "gemm-shapes-kernel":
                KernelShapes(sizes, IntOption(args, "--rounds", 3));
                break;
            case "gemm-paths":
                Paths(sizes, samples);
                break;
            case "gemm-overhead":
                Overhead();
                break;
            case "gemm-fork":
                ForkJoinProbe.Run();
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
            Gemm.NativeMinColumns = 0; // the native column measures the library at every size, not the routing rule
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
            Gemm.NativeMinColumns = 0; // measure the library on every shape, narrow ones included
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

    /// <summary>
    /// Block-size sweep: configurations "kc:mc:nc" (--configs) measured round-robin for --rounds
    /// rounds, keeping each one's best, so slow drifts of a shared machine hit all alike.
    /// </summary>
    private static void Sweep(string[] args)
    {
        // --sizes takes cubes (1024) or shapes (64x3136x576).
        int si = Array.IndexOf(args, "--sizes");
        string[] sizeNames = si >= 0 ? args[si + 1].Split(',') : ["512", "1024", "2048"];
        int[][] shapes = sizeNames.Select(x => x.Contains('x', StringComparison.Ordinal)
            ? x.Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : Enumerable.Repeat(int.Parse(x, CultureInfo.InvariantCulture), 3).ToArray()).ToArray();
        int i = Array.IndexOf(args, "--configs");
        string[] configs = i >= 0 ? args[i + 1].Split(',') : ["256:144:2048"];
        int rounds = IntOption(args, "--rounds", 5);
        var best = new double[configs.Length, shapes.Length];
        UseBest = true;
        WarmupMs = 20;
        Gemm.UseNativeBlas = false;
        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < configs.Length; c++)
            {
                int[] v = configs[c].Split(':').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
                GemmBlocking.Kc = v[0]; GemmBlocking.Mc = v[1]; GemmBlocking.Nc = v[2];
                for (int z = 0; z < shapes.Length; z++) best[c, z] = Math.Max(best[c, z], Measure(false, false, shapes[z][0], shapes[z][1], shapes[z][2], 3, path: GemmKernelKind.Auto));
            }
        }

        for (int c = 0; c < configs.Length; c++)
        {
            Console.Write($"{configs[c],-16}");
            for (int z = 0; z < shapes.Length; z++) Console.Write(string.Create(CultureInfo.InvariantCulture, $" {sizeNames[z]}: {best[c, z],6:F1}"));
            Console.WriteLine();
        }
    }

    /// <summary>GFLOP/s of each path on cubes of the given sizes (to place the size thresholds between them).</summary>
    private static void Paths(int[] sizes, int samples)
    {
        Console.WriteLine("size     small   blocked    native      auto");
        foreach (int z in sizes)
        {
            double small = Measure(false, false, z, z, z, samples, path: GemmKernelKind.Small);
            double blocked = Measure(false, false, z, z, z, samples, path: Gemm.DefaultKernel);
            double auto = Measure(false, false, z, z, z, samples, path: GemmKernelKind.Auto);
            double native = Gemm.NativeBlasAvailable ? Measure(false, false, z, z, z, samples, native: true) : double.NaN;
            Thread.Sleep(200);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{z,-6} {small,7:F1} {blocked,9:F1} {native,9:F1} {auto,9:F1}"));
        }
    }

    /// <summary>Per-call cost of the layers above the small kernel, on a 4 x 4 x 4 product.</summary>
    private static unsafe void Overhead()
    {
        float[] a = new float[16], b = new float[16], c = new float[16];
        const int Calls = 2_000_000;
        for (int round = 0; round < 3; round++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++) Gemm.Multiply(false, false, 4, 4, 4, 1f, a, 4, b, 4, 0f, c, 4);
            long t1 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++) Gemm.MultiplyManaged(GemmKernelKind.Small, false, false, 4, 4, 4, 1f, a, 4, b, 4, 0f, c, 4, 1);
            long t2 = Stopwatch.GetTimestamp();
            fixed (float* pa = a, pb = b, pc = c)
            {
                for (int i = 0; i < Calls; i++) GemmSmall.Run(false, false, 4, 4, 4, 1f, pa, 4, pb, 4, 0f, pc, 4);
            }

            long t3 = Stopwatch.GetTimestamp();
            for (int i = 0; i < Calls; i++) Gemm.Validate(false, false, 4, 4, 4, a, 4, b, 4, c, 4);
            long t4 = Stopwatch.GetTimestamp();
            double ns(long x, long y) => (y - x) * 1e9 / Stopwatch.Frequency / Calls;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Multiply {ns(t0, t1):F1} ns, MultiplyManaged(Small) {ns(t1, t2):F1} ns, GemmSmall.Run {ns(t2, t3):F1} ns, Validate {ns(t3, t4):F1} ns"));
        }
    }

    /// <summary>The blocked driver with each candidate micro-kernel, round-robin, best of each.</summary>
    private static unsafe void KernelShapes(int[] sizes, int rounds)
    {
        string[] names = ["6x16", "6x16-unrolled", "4x24"];
        var best = new double[names.Length, sizes.Length];
        for (int round = 0; round < rounds; round++)
        {
            for (int z = 0; z < sizes.Length; z++)
            {
                int n = sizes[z];
                var random = new Random(1);
                float[] a = Fill(n * n, random), b = Fill(n * n, random), c = new float[n * n];
                fixed (float* pa = a, pb = b, pc = c)
                {
                    for (int kernel = 0; kernel < names.Length; kernel++)
                    {
                        float* xa = pa, xb = pb, xc = pc;
                        Action once = kernel switch
                        {
                            0 => () => GemmBlocked<GemmKernelAvx2>.Run(false, false, n, n, n, 1f, xa, n, xb, n, 0f, xc, n, Parallelism.ThreadCount),
                            1 => () => GemmBlocked<Kernel6x16Unrolled>.Run(false, false, n, n, n, 1f, xa, n, xb, n, 0f, xc, n, Parallelism.ThreadCount),
                            _ => () => GemmBlocked<Kernel4x24>.Run(false, false, n, n, n, 1f, xa, n, xb, n, 0f, xc, n, Parallelism.ThreadCount),
                        };
                        once();
                        int reps = Math.Max(1, (int)(3e8 / (2.0 * n * n * n) * 10));
                        for (int s = 0; s < 3; s++)
                        {
                            long start = Stopwatch.GetTimestamp();
                            for (int r = 0; r < reps; r++) once();
                            double t = Stopwatch.GetElapsedTime(start).TotalSeconds / reps;
                            best[kernel, z] = Math.Max(best[kernel, z], 2.0 * n * n * n / t / 1e9);
                        }
                    }
                }
            }
        }

        for (int kernel = 0; kernel < names.Length; kernel++)
        {
            Console.Write($"{names[kernel],-16}");
            for (int z = 0; z < sizes.Length; z++) Console.Write(string.Create(CultureInfo.InvariantCulture, $" {sizes[z]}: {best[kernel, z],6:F1}"));
            Console.WriteLine();
        }
    }

    /// <summary>The AVX2 micro-kernel alone on L1-resident panels: the ceiling of the blocked driver on one core.</summary>
    private static unsafe void Kernel(int kc)
    {
        float* a = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(kc * 6 * 4), 64);
        float* b = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(kc * 24 * 4), 64);
        float* c = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(6 * 24 * 4, 64);
        for (int i = 0; i < kc * 6; i++) a[i] = 0.001f * i;
        for (int i = 0; i < kc * 24; i++) b[i] = 0.002f * i;
        // Packing throughput of one MC x KC block of A and one KC x NC block of B, from row-major sources.
        int mcs = 144, ncs = 1024, ld = 2048;
        float* src = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(ld * 2048 * 4), 64);
        float* dst = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(2048 * 1024 * 4), 64);
        for (int i = 0; i < ld * 2048; i++) src[i] = i;
        foreach (bool t in new[] { false, true })
        {
            for (int round = 0; round < 3; round++)
            {
                long s0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < 200; i++) GemmPacking.PackA(t, src, ld, 0, mcs, 0, kc, dst, 6);
                double pa = Stopwatch.GetElapsedTime(s0).TotalSeconds / (200.0 * mcs * kc) * 1e9;
                s0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < 20; i++) GemmPacking.PackB(t, src, ld, 0, kc, 0, ncs, dst, 16);
                double pb = Stopwatch.GetElapsedTime(s0).TotalSeconds / (20.0 * ncs * kc) * 1e9;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pack (transposed {t}): A {pa:F3} ns/element, B {pb:F3} ns/element"));
            }
        }

        double[] peak = new double[3];
        for (int round = 0; round < 15; round++)
        {
            const int Calls = 50_000;
            for (int kernel = 0; kernel < 3; kernel++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < Calls; i++)
                {
                    if (kernel == 0) GemmKernelAvx2.Run(kc, a, b, 16, c, 16, 1f, 0f);
                    else if (kernel == 1) Kernel6x16Unrolled.Run(kc, a, b, 16, c, 16, 1f, 0f);
                    else Kernel4x24.Run(kc, a, b, 24, c, 24, 1f, 0f);
                }

                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                peak[kernel] = Math.Max(peak[kernel], 2.0 * 96 * kc * Calls / seconds / 1e9);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-L1 kernel peaks, kc {kc}: 6x16 {peak[0]:F1}, 6x16 unrolled {peak[1]:F1}, 4x24 {peak[2]:F1} GFLOP/s"));
    }

    /// <summary>Median GFLOP/s of C = op(A) op(B) (flops per nanosecond).</summary>
    private static double Measure(bool ta, bool tb, int m, int n, int k, int samples, bool reference = false, GemmKernelKind? path = null, bool native = false)
    {
        var random = new Random(1);
        float[] a = Fill(m * k, random), b = Fill(k * n, random), c = new float[m * n];
        int lda = ta ? m : k, ldb = tb ? k : n;
        void Once()
        {
            if (reference) GemmReference.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            else if (path is GemmKernelKind kind) Gemm.MultiplyManaged(kind, ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, 0);
            else if (native) Gemm.MultiplyNative(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
            else Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
        }

        // Warm-up: JIT tiers, page faults, buffers; then size a sample to at least 60 ms.
        var watch = Stopwatch.StartNew();
        int warm = 0;
        while (warm < 2 || watch.ElapsedMilliseconds < WarmupMs) { Once(); warm++; }
        double perCall = watch.Elapsed.TotalSeconds / warm;
        int reps = Math.Max(1, (int)(0.06 / perCall));
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            // On a shared machine, a sample during which other processes used more than 10% of a core is retaken (up to 20 times).
            for (int attempt = 0; ; attempt++)
            {
                var load = MachineLoad.Start();
                long start = Stopwatch.GetTimestamp();
                for (int r = 0; r < reps; r++) Once();
                times[s] = Stopwatch.GetElapsedTime(start).TotalSeconds / reps;
                double others = load.OthersCores();
                if (others <= 0.1 || attempt >= 20) break;
                Thread.Sleep(100 * (attempt + 1));
            }
        }

        Array.Sort(times);
        if (Verbose) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m}x{n}x{k} samples GFLOP/s: {string.Join(' ', times.Select(t => (2.0 * m * n * k / t / 1e9).ToString("F0", CultureInfo.InvariantCulture)))}"));
        // --best reports the fastest sample (robust on a shared machine when comparing variants).
        return 2.0 * m * n * k / (UseBest ? times[0] : times[samples / 2]) / 1e9;
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
