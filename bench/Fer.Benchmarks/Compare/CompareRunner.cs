using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fer.Tensors.Diagnostics;
using Fer.Tensors.Kernels;
using Fer.Tensors.Threading;

namespace Fer.Benchmarks.Compare;

/// <summary>
/// Our side of bench/compare.sh, one workload per process (so peak RSS belongs to it alone):
/// <c>compare WORKLOAD [--threads 2] [--iterations N] [--warmup N] [--native]</c> prints one JSON line
/// {"workload", "peer", "seconds" (median per iteration), "gflops" (GEMM only), "peak_rss_mb", "spread"};
/// <c>profile WORKLOAD</c> prints a per-op forward/backward time table; <c>determinism WORKLOAD</c>
/// runs three training steps twice from scratch and checks the losses are bit-identical.
/// Workloads: resnet18_train, resnet18_infer32, resnet18_infer1, vgg_train, ferplus_vgg_train, faceexpr_infer1,
/// faceexpr_infer32 (the pretrained face-api expression network), gemm512, gemm1024, gemm2048.
/// </summary>
internal static class CompareRunner
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: compare|profile|determinism WORKLOAD [--threads N] [--iterations N] [--warmup N] [--native] [--parallel-min-work N] [--conv-parallel-min N] [--image-major-weights BYTES] [--plan-serial-max N] [--image-parallel-weights BYTES]");
            return 2;
        }

        string mode = args[0], name = args[1];
        Parallelism.ThreadCount = IntOption(args, "--threads", 2);
        Workload.Eager = args.Contains("--eager");
        // Below this many multiply-adds a blocked kernel stays on the calling thread (tuning probe).
        Fer.Tensors.Kernels.Blocked.BlockedParallel.ParallelMinWork = IntOption(args, "--parallel-min-work", (int)Fer.Tensors.Kernels.Blocked.BlockedParallel.ParallelMinWork);
        Fer.Tensors.Kernels.Blocked.BlockedConv2d.ParallelMinMultiplyAdds = IntOption(args, "--conv-parallel-min", (int)Fer.Tensors.Kernels.Blocked.BlockedConv2d.ParallelMinMultiplyAdds);
        Fer.Tensors.Kernels.Blocked.BlockedConv2d.ImageMajorMaxWeightBytes = IntOption(args, "--image-major-weights", Fer.Tensors.Kernels.Blocked.BlockedConv2d.ImageMajorMaxWeightBytes);
        Fer.Tensors.Inference.InferencePlan.SerialMaxMultiplyAdds = IntOption(args, "--plan-serial-max", (int)Fer.Tensors.Inference.InferencePlan.SerialMaxMultiplyAdds);
        // Plans with at most this many bytes of weights run batches image-parallel (0: always layer by layer).
        Fer.Tensors.Inference.InferencePlan.ImageParallelMaxWeightBytes = IntOption(args, "--image-parallel-weights", (int)Fer.Tensors.Inference.InferencePlan.ImageParallelMaxWeightBytes);
        int iterations = IntOption(args, "--iterations", 0);
        int warmup = IntOption(args, "--warmup", -1);
        switch (mode)
        {
            case "compare" when name.StartsWith("gemm", StringComparison.Ordinal):
                return Gemm(name, args.Contains("--native"), iterations == 0 ? 10 : iterations, warmup < 0 ? 3 : warmup);
            case "compare":
                return Network(name, iterations, warmup);
            case "profile":
                return Profile(name, iterations == 0 ? 3 : iterations);
            case "determinism":
                return Determinism(name);
            default:
                Console.Error.WriteLine($"unknown mode '{mode}'");
                return 2;
        }
    }

    private static int Network(string name, int iterations, int warmup)
    {
        Workload w = Workload.Create(name);
        bool batch1 = name is "resnet18_infer1" or "faceexpr_infer1";
        bool train = name.EndsWith("_train", StringComparison.Ordinal);
        iterations = iterations > 0 ? iterations : train ? 5 : batch1 ? 20 : 8;
        warmup = warmup >= 0 ? warmup : train ? 2 : 3;
        double[] samples = Time(w.Step, iterations, warmup);
        Print(name, "fer", samples, extra: null);
        return 0;
    }

    private static unsafe int Gemm(string name, bool native, int iterations, int warmup)
    {
        int n = int.Parse(name.AsSpan(4), CultureInfo.InvariantCulture);
        var rng = new Fer.Tensors.Random.Generator(1);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextSingle();
            b[i] = rng.NextSingle();
        }

        if (native && !Fer.Tensors.Kernels.Gemm.NativeBlasAvailable)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["workload"] = name, ["peer"] = "fer-native", ["error"] = "no native BLAS found" }));
            return 0;
        }

        Action product = native
            ? () => Fer.Tensors.Kernels.Gemm.MultiplyNative(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n)
            : () => Fer.Tensors.Kernels.Gemm.MultiplyManaged(GemmKernelKind.Auto, false, false, n, n, n, 1f, a, n, b, n, 0f, c, n, 0);
        double[] samples = Time(product, iterations, warmup);
        double median = Median(samples);
        Print(name, native ? "fer-native" : "fer-managed", samples, new Dictionary<string, object>
        {
            ["gflops"] = 2.0 * n * n * n / median / 1e9,
            ["kernel"] = native ? Fer.Tensors.Kernels.Gemm.NativeBlasLibrary ?? "" : Fer.Tensors.Kernels.Gemm.ManagedKernel,
        });
        return 0;
    }

    private static int Profile(string name, int iterations)
    {
        Workload w = Workload.Create(name);
        w.Step();
        w.Step();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var sw = Stopwatch.StartNew();
        OpProfiler.Start();
        for (int i = 0; i < iterations; i++)
        {
            OpProfiler.Mark();
            w.Step();
        }

        OpProfiler.Stop();
        double wall = sw.Elapsed.TotalSeconds / iterations;
        double fwd = OpProfiler.Forward.Sum(r => r.Seconds) / iterations, bwd = OpProfiler.Backward.Sum(r => r.Seconds) / iterations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {wall * 1e3:F1} ms per step; forward ops {fwd * 1e3:F1} ms, backward ops {bwd * 1e3:F1} ms, rest {(wall - fwd - bwd) * 1e3:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0 / iterations:F0} MiB per step; GCs gen0/1/2: {GC.CollectionCount(0) - collections[0]}/{GC.CollectionCount(1) - collections[1]}/{GC.CollectionCount(2) - collections[2]} in {iterations} steps; peak RSS {ProcessStats.PeakRssMb():F0} MiB"));
        Table("forward", OpProfiler.Forward, iterations, wall);
        Table("backward", OpProfiler.Backward, iterations, wall);
        return 0;
    }

    private static void Table(string title, IEnumerable<(string Name, double Seconds, int Count)> rows, int iterations, double wall)
    {
        Console.WriteLine($"  {title}:");
        foreach (var (op, seconds, count) in rows)
        {
            double ms = seconds / iterations * 1e3;
            if (ms < 0.05) continue;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {op,-24} {ms,9:F2} ms  {ms / 10 / wall,5:F1}%  x{count / iterations}"));
        }
    }

    private static int Determinism(string name)
    {
        float[] Run()
        {
            Workload w = Workload.Create(name);
            if (w.Loss is null) throw new ArgumentException("determinism needs a training workload");
            var losses = new float[3];
            for (int i = 0; i < losses.Length; i++)
            {
                w.Step();
                losses[i] = w.Loss();
            }

            return losses;
        }

        float[] first = Run(), second = Run();
        bool same = first.Zip(second).All(p => BitConverter.SingleToInt32Bits(p.First) == BitConverter.SingleToInt32Bits(p.Second));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} losses run 1: {string.Join(", ", first.Select(f => f.ToString("R", CultureInfo.InvariantCulture)))}; run 2: {string.Join(", ", second.Select(f => f.ToString("R", CultureInfo.InvariantCulture)))}; bit-identical: {same}"));
        return same ? 0 : 1;
    }

    private static double[] Time(Action step, int iterations, int warmup)
    {
        for (int i = 0; i < warmup; i++) step();
        var samples = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long t = Stopwatch.GetTimestamp();
            step();
            samples[i] = Stopwatch.GetElapsedTime(t).TotalSeconds;
        }

        return samples;
    }

    private static void Print(string name, string peer, double[] samples, Dictionary<string, object>? extra)
    {
        var result = new Dictionary<string, object>
        {
            ["workload"] = name,
            ["peer"] = peer,
            ["seconds"] = Median(samples),
            ["min"] = samples.Min(),
            ["max"] = samples.Max(),
            ["peak_rss_mb"] = ProcessStats.PeakRssMb(),
        };
        if (extra is not null)
        {
            foreach (var kv in extra) result[kv.Key] = kv.Value;
        }

        Console.WriteLine(JsonSerializer.Serialize(result));
    }

    private static double Median(double[] samples)
    {
        double[] s = [.. samples.Order()];
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
