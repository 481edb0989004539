using BenchmarkDotNet.Running;
using Fer.Benchmarks;

// `gemm`, `gemm-shapes`, `gemm-small` and `gemm-tune` are plain stopwatch modes (fast, for tables);
// anything else goes to BenchmarkDotNet, e.g. `-- --filter *Gemm*`.
if (args.Length > 0 && args[0].StartsWith("gemm", StringComparison.Ordinal))
{
    return GemmStopwatch.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
return 0;
