using BenchmarkDotNet.Running;
using Fer.Benchmarks;

// `gemm`, `gemm-shapes`, `gemm-small` and `gemm-tune` are plain stopwatch modes (fast, for tables);
// anything else goes to BenchmarkDotNet, e.g. `-- --filter *Gemm*`.
if (args.Length > 0 && args[0].StartsWith("gemm", StringComparison.Ordinal))
{
    return GemmStopwatch.Run(args);
}

// `compare`, `profile` and `determinism` run one network or GEMM workload of bench/compare.sh.
if (args.Length > 0 && args[0] is "compare" or "profile" or "determinism")
{
    return Fer.Benchmarks.Compare.CompareRunner.Run(args);
}

if (args.Length > 0 && args[0] == "conv-variants")
{
    return Fer.Benchmarks.Compare.ConvVariants.Run(args);
}

if (args.Length > 0 && args[0] == "conv-layers")
{
    return Fer.Benchmarks.Compare.ConvLayers.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
return 0;
