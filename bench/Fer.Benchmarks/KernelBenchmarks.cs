using BenchmarkDotNet.Attributes;
using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Tensors.Threading;

namespace Fer.Benchmarks;

/// <summary>
/// The network kernels on 2 threads, on ResNet-18-like shapes at batch 8: convolutions 3x3 and 1x1 and a
/// depthwise 3x3 through the training op (NCHW: the direct kernel or im2col + GEMM) and through an inference
/// plan (channel-blocked, with batch norm and ReLU fused), batch norm (training statistics), max pooling and
/// softmax. <c>dotnet run -c Release --project bench/Fer.Benchmarks -- --filter *KernelBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private Tensor x = Tensor.Zeros(0), w3 = Tensor.Zeros(0), w1 = Tensor.Zeros(0), wd = Tensor.Zeros(0), logits = Tensor.Zeros(0);
    private BatchNorm2d bn = new(64);
    private InferencePlan conv3Plan = null!, depthwisePlan = null!;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = 2;
        var g = new Generator(1);
        x = Tensor.Uniform(g, -1f, 1f, 8, 64, 28, 28);
        w3 = Tensor.Uniform(g, -0.1f, 0.1f, 64, 64, 3, 3);
        w1 = Tensor.Uniform(g, -0.1f, 0.1f, 128, 64, 1, 1);
        wd = Tensor.Uniform(g, -0.1f, 0.1f, 64, 1, 3, 3);
        logits = Tensor.Uniform(g, -5f, 5f, 256, 1000);
        bn = new BatchNorm2d(64);
        var conv = new Sequential(new Conv2d(64, 64, 3, padding: 1, bias: false, generator: g), new BatchNorm2d(64), new ReLU());
        conv.Eval();
        conv3Plan = conv.CompileForInference(64, 28, 28);
        var depthwise = new Sequential(new Conv2d(64, 64, 3, padding: 1, groups: 64, generator: g), new ReLU());
        depthwise.Eval();
        depthwisePlan = depthwise.CompileForInference(64, 28, 28);
    }

    [Benchmark]
    public Tensor Conv3x3() => Run(() => Functional.Conv2d(x, w3, null, 1, 1));

    [Benchmark]
    public Tensor Conv1x1() => Run(() => Functional.Conv2d(x, w1, null, 1));

    [Benchmark]
    public Tensor Depthwise3x3() => Run(() => Functional.Conv2d(x, wd, null, 1, 1, groups: 64));

    [Benchmark]
    public Tensor Conv3x3BatchNormReluPlan() => conv3Plan.Run(x);

    [Benchmark]
    public Tensor Depthwise3x3ReluPlan() => depthwisePlan.Run(x);

    [Benchmark]
    public Tensor BatchNormTraining() => Run(() => bn.Forward(x));

    [Benchmark]
    public Tensor MaxPool3x3Stride2() => Run(() => Functional.MaxPool2d(x, 3, 2, 1));

    [Benchmark]
    public Tensor Softmax() => Run(() => Functional.Softmax(logits, 1));

    private static Tensor Run(Func<Tensor> op)
    {
        using (GradMode.NoGrad()) return op();
    }
}
