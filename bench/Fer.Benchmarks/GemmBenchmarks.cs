using BenchmarkDotNet.Attributes;
using Fer.Tensors.Kernels;
using Fer.Tensors.Threading;

namespace Fer.Benchmarks;

/// <summary>Square SGEMM (C = A*B) on 2 threads, managed kernels vs the native BLAS when present.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] a = [], b = [], c = [];

    [Params(512, 1024, 2048)]
    public int Size { get; set; }

    [Params(false, true)]
    public bool Native { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = 2;
        var random = new Random(1);
        a = new float[Size * Size];
        b = new float[Size * Size];
        c = new float[Size * Size];
        for (int i = 0; i < a.Length; i++) a[i] = (float)random.NextDouble() - 0.5f;
        for (int i = 0; i < b.Length; i++) b[i] = (float)random.NextDouble() - 0.5f;
        Gemm.UseNativeBlas = Native;
        Gemm.NativeMinColumns = 0; // the native case measures the library at every size
        if (Native && !Gemm.NativeBlasAvailable) throw new InvalidOperationException("no native BLAS found");
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply(false, false, Size, Size, Size, 1f, a, Size, b, Size, 0f, c, Size);
}
