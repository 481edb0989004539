using FluentAssertions;
using Fer.Testing;
using Fer.Tensors.Autograd;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Tensors.Tests.Convolution;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Tests.Inference;

/// <summary>Compiled inference plans against the same modules run eagerly in eval mode, at every block width.</summary>
[Collection(ThreadCountCollection.Name)]
public class InferencePlanTests
{
    public static TheoryData<int> Blocks => new() { 16, 8, 4 };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Compile_VggStyleNetwork_MatchesEagerEval(int block)
    {
        var gen = new Generator(1);
        var net = new Sequential(
            new Conv2d(3, 20, 3, padding: 1, generator: gen), new BatchNorm2d(20), new ReLU(),
            new Conv2d(20, 33, 3, padding: 1, generator: gen), new BatchNorm2d(33), new ReLU(), new MaxPool2d(2),
            new Conv2d(33, 40, 3, stride: 2, padding: 1, bias: false, generator: gen), new BatchNorm2d(40), new LeakyReLU(0.1f),
            new AdaptiveAvgPool2d((3, 3)), new Flatten(), new Dropout(0.5f), new Linear(360, 50, generator: gen), new ReLU(), new Linear(50, 7, generator: gen));
        Randomise(net, gen);
        CheckAgainstEager(net, block, channels: 3, size: 22, gen);
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Compile_ResidualDepthwiseAndFallbackLayers_MatchEagerEval(int block)
    {
        var gen = new Generator(2);
        var net = new Sequential(
            new Conv2d(1, 24, 3, stride: 2, padding: 1, generator: gen), new BatchNorm2d(24), new PReLU(24),
            new Residual(new Sequential(new Conv2d(24, 24, 3, padding: 1, groups: 24, bias: false, generator: gen), new BatchNorm2d(24), new PReLU(24),
                new Conv2d(24, 24, 1, bias: false, generator: gen), new BatchNorm2d(24))),
            new ReLU(),
            new Conv2d(24, 24, 3, padding: 1, groups: 24, generator: gen), // depthwise reading a ReLU: fused into its reads
            new Conv2d(24, 32, 3, padding: 2, dilation: 2, generator: gen), new ReLU(), // dilation: the general kernel
            new Conv2d(32, 32, 3, padding: 1, groups: 4, generator: gen), new BatchNorm2d(32), // grouped: the general kernel
            new AvgPool2d(3, 2, 1, countIncludePad: false), new Conv2d(32, 16, 3, stride: 3, generator: gen), new ReLU(), // width stride 3: general
            new AdaptiveAvgPool2d((1, 1)), new Flatten(), new Linear(16, 5, generator: gen), new BatchNorm1d(5));
        Randomise(net, gen);
        CheckAgainstEager(net, block, channels: 1, size: 31, gen);
    }

    [Fact]
    public void Compile_ConvBnReluResidual_FusesIntoConvolutionSteps()
    {
        var gen = new Generator(3);
        var net = new Sequential(new Conv2d(8, 16, 3, padding: 1, generator: gen), new BatchNorm2d(16), new ReLU(),
            new Residual(new Sequential(new Conv2d(16, 16, 3, padding: 1, generator: gen), new BatchNorm2d(16))), new ReLU());
        var graph = new InferenceGraph(8, 10, 10);
        graph.Output(net.Describe(graph, graph.Input));
        InferencePlan plan = graph.Compile(16);
        plan.Steps.Should().Equal("input", "conv 3x3/1 8->16 +rect", "conv 3x3/1 16->16 +res +rect");
    }

    [Fact]
    public void Run_SeveralThreadsAtOnce_GiveTheSameResults()
    {
        var gen = new Generator(4);
        var net = new Sequential(new Conv2d(3, 32, 3, padding: 1, generator: gen), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
            new Conv2d(32, 32, 3, padding: 1, generator: gen), new ReLU(), new AdaptiveAvgPool2d((1, 1)), new Flatten());
        Randomise(net, gen);
        InferencePlan plan = net.CompileForInference(3, 16, 16);
        var inputs = Enumerable.Range(0, 8).Select(i => Tensor.Uniform(new Generator((ulong)i), -1f, 1f, 1 + i % 3, 3, 16, 16)).ToArray();
        float[][] alone = [.. inputs.Select(x => plan.Run(x).ToArray())];
        var together = new float[inputs.Length][];
        Parallel.For(0, inputs.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => together[i % inputs.Length] = plan.Run(inputs[i % inputs.Length]).ToArray());
        for (int i = 0; i < inputs.Length; i++) together[i].Should().Equal(alone[i], $"input {i}");
    }

    [Fact]
    public void RunAll_SeveralOutputs_InMarkedOrderWithShapes()
    {
        var gen = new Generator(5);
        var conv = new Conv2d(2, 4, 3, padding: 1, generator: gen);
        var fc = new Linear(4 * 5 * 5, 3, generator: gen);
        var graph = new InferenceGraph(2, 5, 5);
        InferenceValue map = graph.Relu(conv.Describe(graph, graph.Input));
        InferenceValue logits = fc.Describe(graph, graph.Flatten(map));
        InferenceValue probs = graph.Softmax(logits);
        graph.Output(probs);
        graph.Output(map);
        graph.Output(graph.Concat(logits, graph.Mean(logits, probs)));
        Tensor x = Tensor.Uniform(gen, -1f, 1f, 2, 2, 5, 5);
        Tensor[] outs = graph.Compile().RunAll(x);

        Tensor expectedMap = Functional.Relu(conv.Forward(x));
        Tensor expectedLogits = fc.Forward(expectedMap.Flatten(1));
        Tensor expectedProbs = Functional.Softmax(expectedLogits, 1);
        outs[0].Shape.ToArray().Should().Equal(2, 3);
        outs[1].Shape.ToArray().Should().Equal(2, 4, 5, 5);
        outs[2].Shape.ToArray().Should().Equal(2, 6);
        Close.Check(expectedProbs.ToArray(), outs[0].ToArray(), 1e-5, 1e-4, "softmax");
        Close.Check(expectedMap.ToArray(), outs[1].ToArray(), 1e-5, 1e-4, "map");
        float[] joined = outs[2].ToArray(), l = expectedLogits.ToArray(), p = expectedProbs.ToArray();
        for (int n = 0; n < 2; n++)
            for (int j = 0; j < 3; j++)
            {
                joined[n * 6 + j].Should().BeApproximately(l[n * 3 + j], 1e-4f);
                joined[n * 6 + 3 + j].Should().BeApproximately((l[n * 3 + j] + p[n * 3 + j]) / 2, 1e-4f);
            }
    }

    [Fact]
    public void MaxPool2d_SamePadding_MatchesTensorFlowRule()
    {
        // TensorFlow 'same' 2x2 pooling on odd maps pads after: the last window holds the last row/column alone.
        var gen = new Generator(6);
        Tensor x = Tensor.Uniform(gen, -1f, 1f, 1, 3, 5, 7);
        foreach (int stride in new[] { 1, 2 })
        {
            var graph = new InferenceGraph(3, 5, 7);
            graph.Output(graph.MaxPool2d(graph.Input, (2, 2), (stride, stride), Conv2dPadding.Same));
            Tensor y = graph.Compile(8).Run(x);
            Tensor padded = Functional.MaxPool2d(PadEnd(x), (2, 2), (stride, stride));
            y.Shape.ToArray().Should().Equal(padded.Shape.ToArray());
            y.ToArray().Should().Equal(padded.ToArray());
        }
    }

    [Fact]
    public void Run_WrongInputShape_NamesExpectedShape()
    {
        InferencePlan plan = new Sequential(new Conv2d(3, 4, 3)).CompileForInference(3, 8, 8);
        Action act = () => plan.Run(Tensor.Zeros(1, 1, 8, 8));
        act.Should().Throw<ArgumentException>().WithMessage("*[N, 3, 8, 8]*[1, 1, 8, 8]*");
        plan.Run(Tensor.Zeros(0, 3, 8, 8)).Shape.ToArray().Should().Equal(0, 4, 6, 6);
    }

    [Fact]
    public void Describe_ModuleWithoutDescription_Throws()
    {
        Action act = () => new Sequential(new Conv2d(3, 4, 3), new Tanh()).CompileForInference(3, 8, 8);
        act.Should().Throw<NotSupportedException>().WithMessage("*Tanh*");
    }

    [Fact]
    public void Compile_AgainAfterFusion_GivesTheSamePlan()
    {
        // Fusion works on copies: compiling twice must not fold a batch norm into the weights twice.
        var gen = new Generator(7);
        var net = new Sequential(new Conv2d(3, 8, 3, generator: gen), new BatchNorm2d(8), new ReLU());
        Randomise(net, gen);
        var graph = new InferenceGraph(3, 6, 6);
        graph.Output(net.Describe(graph, graph.Input));
        Tensor x = Tensor.Uniform(gen, -1f, 1f, 1, 3, 6, 6);
        graph.Compile().Run(x).ToArray().Should().Equal(graph.Compile().Run(x).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_AnyThreadCount_MatchesEager(int threads)
    {
        int before = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = threads;
            var gen = new Generator(8);
            var net = new Sequential(new Conv2d(3, 64, 3, padding: 1, generator: gen), new BatchNorm2d(64), new ReLU(),
                new Conv2d(64, 64, 3, padding: 1, generator: gen), new ReLU());
            Randomise(net, gen);
            CheckAgainstEager(net, 16, 3, 28, gen, batch: 4);
        }
        finally
        {
            Parallelism.ThreadCount = before;
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void RunAll_ImageParallel_SameValuesAsLayerByLayer(int threads)
    {
        int before = Parallelism.ThreadCount;
        long limit = InferencePlan.ImageParallelMaxWeightBytes;
        try
        {
            Parallelism.ThreadCount = threads;
            var gen = new Generator(9);
            var conv1 = new Conv2d(3, 40, 3, padding: 1, generator: gen);
            var conv2 = new Conv2d(40, 40, 3, padding: 1, groups: 40, generator: gen);
            var fc = new Linear(40 * 4 * 4, 6, generator: gen);
            var graph = new InferenceGraph(3, 9, 9);
            InferenceValue map = graph.Relu(conv2.Describe(graph, graph.Relu(conv1.Describe(graph, graph.Input))));
            InferenceValue pooled = new AdaptiveAvgPool2d((4, 4)).Describe(graph, map);
            graph.Output(graph.Softmax(fc.Describe(graph, graph.Flatten(pooled))));
            graph.Output(map);
            InferencePlan plan = graph.Compile();
            Tensor x = Tensor.Uniform(gen, -1f, 1f, 7, 3, 9, 9);

            InferencePlan.ImageParallelMaxWeightBytes = 0;
            plan.RunsImageParallel(7).Should().BeFalse();
            Tensor[] layered = plan.RunAll(x);
            InferencePlan.ImageParallelMaxWeightBytes = plan.WeightBytes;
            plan.RunsImageParallel(7).Should().BeTrue();
            plan.RunsImageParallel(1).Should().BeFalse("one image runs layer by layer, each step split over the threads");
            Tensor[] shared = plan.RunAll(x);

            for (int i = 0; i < 2; i++)
            {
                shared[i].Shape.ToArray().Should().Equal(layered[i].Shape.ToArray());
                shared[i].ToArray().Should().Equal(layered[i].ToArray(), $"output {i}");
            }
            // Each image's result is the image's own: the same as running it alone, on one thread or split.
            Tensor one = x.Narrow(0, 2, 1).Contiguous();
            plan.RunsSerial(1).Should().BeTrue($"{plan.MultiplyAddsPerImage} multiply-adds is a small run");
            plan.RunAll(one)[0].ToArray().Should().Equal(shared[0].ToArray().AsSpan(12, 6).ToArray());
            long serialMax = InferencePlan.SerialMaxMultiplyAdds;
            try
            {
                InferencePlan.SerialMaxMultiplyAdds = 0;
                plan.RunsSerial(1).Should().BeFalse();
                plan.RunAll(one)[0].ToArray().Should().Equal(shared[0].ToArray().AsSpan(12, 6).ToArray());
            }
            finally
            {
                InferencePlan.SerialMaxMultiplyAdds = serialMax;
            }
        }
        finally
        {
            Parallelism.ThreadCount = before;
            InferencePlan.ImageParallelMaxWeightBytes = limit;
        }
    }

    [Fact]
    public void RunsImageParallel_PlanWithLargeWeights_RunsLayerByLayer()
    {
        int before = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 2;
            var gen = new Generator(10);
            InferencePlan small = new Sequential(new Conv2d(3, 8, 3, generator: gen), new ReLU()).CompileForInference(3, 8, 8);
            InferencePlan large = new Sequential(new Flatten(), new Linear(3 * 8 * 8, 12000, generator: gen)).CompileForInference(3, 8, 8);
            small.WeightBytes.Should().Be(2 * small.Block * 3 * 9 * sizeof(float), "one group of two channel blocks, 3 planar input channels, 9 taps");
            small.MultiplyAddsPerImage.Should().Be(6 * 6 * 8 * 3 * 9, "6x6 outputs, 8 channels, 3 inputs, 9 taps");
            large.WeightBytes.Should().BeGreaterThan(InferencePlan.ImageParallelMaxWeightBytes);
            small.RunsImageParallel(4).Should().BeTrue();
            large.RunsImageParallel(4).Should().BeFalse();
            Parallelism.ThreadCount = 1;
            small.RunsImageParallel(4).Should().BeFalse("one thread has nothing to share out");
        }
        finally
        {
            Parallelism.ThreadCount = before;
        }
    }

    private static void CheckAgainstEager(Module net, int block, int channels, int size, Generator gen, int batch = 3)
    {
        net.Eval();
        var graph = new InferenceGraph(channels, size, size);
        graph.Output(net.Describe(graph, graph.Input));
        InferencePlan plan = graph.Compile(block);
        foreach (int n in new[] { 1, batch })
        {
            Tensor x = Tensor.Uniform(gen, -1f, 1f, n, channels, size, size);
            float[] expected;
            using (GradMode.NoGrad()) expected = net.Forward(x).ToArray();
            Close.Check(expected, plan.Run(x).ToArray(), 1e-4, 1e-3, $"block {block}, batch {n}; steps: {string.Join(" | ", plan.Steps)}");
        }
    }

    // Non-trivial running statistics and affine parameters, so that folding them is tested.
    private static void Randomise(Module net, Generator gen)
    {
        foreach (var (_, m) in net.NamedModules())
        {
            if (m is not BatchNormBase bn) continue;
            Fill(bn.RunningMean!, gen, -0.5f, 0.5f);
            Fill(bn.RunningVar!, gen, 0.5f, 2f);
            Fill(bn.Weight!, gen, 0.5f, 1.5f);
            Fill(bn.Bias!, gen, -0.5f, 0.5f);
        }
    }

    private static void Fill(Tensor t, Generator gen, float low, float high)
    {
        Span<float> s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = low + (high - low) * gen.NextSingle();
    }

    private static Tensor PadEnd(Tensor x)
    {
        int n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3);
        var data = new float[n * c * (h + 1) * (w + 1)];
        Array.Fill(data, float.NegativeInfinity);
        float[] src = x.ToArray();
        for (int p = 0; p < n * c; p++)
            for (int y = 0; y < h; y++)
                for (int xx = 0; xx < w; xx++) data[(p * (h + 1) + y) * (w + 1) + xx] = src[(p * h + y) * w + xx];
        return Tensor.Wrap(data, n, c, h + 1, w + 1);
    }

    /// <summary>x + body(x), described as the same sum.</summary>
    private sealed class Residual : Module
    {
        private readonly Module body;

        public Residual(Module body) => this.body = RegisterModule("body", body);

        public override Tensor Forward(Tensor input) => body.Forward(input).Add(input);

        public override InferenceValue Describe(InferenceGraph graph, InferenceValue input) => graph.Add(body.Describe(graph, input), input);
    }
}
