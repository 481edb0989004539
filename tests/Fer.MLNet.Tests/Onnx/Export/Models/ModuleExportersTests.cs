using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Export.Models;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.Testing;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Trainers.Backbones;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Onnx.Export.Models;

public sealed class ModuleExportersTests(ITestOutputHelper output)
{
    private const double MaxRelativeError = 1e-4;

    private static Tensor Input(TestNetworks.Case c, int batch) =>
        Tensor.Uniform(new Generator((ulong)c.Name.Length), -1f, 1f, [batch, .. c.SampleShape]);

    [Theory]
    [MemberData(nameof(TestNetworks.Names), MemberType = typeof(TestNetworks))]
    public void Build_Network_RunsLikeTheModule(string name)
    {
        TestNetworks.Case c = TestNetworks.Get(name);
        Module net = c.Create();
        byte[] bytes = ModuleExporters.Build(net, c.SampleShape).ToBytes();
        var runner = new OnnxGraphRunner(OnnxModel.Load(bytes, name));
        Tensor x = Input(c, 3);
        Tensor expected = TestNetworks.Forward(net, x);
        Tensor actual = runner.Run(x);
        actual.Shape.ToArray().Should().Equal(expected.Shape.ToArray());
        var agreement = Agreement.Of(expected.ToArray(), actual.ToArray());
        output.WriteLine($"{name}: exported graph (our runtime) vs module: {agreement}");
        agreement.MaxRel.Should().BeLessThanOrEqualTo(MaxRelativeError, name);
    }

    [SkippableFact]
    public void Build_EveryNetwork_AgreesWithOnnxRuntime()
    {
        OrtNode.RequireAvailable();
        var cases = TestNetworks.All;
        var nets = cases.Select(c => c.Create()).ToArray();
        var inputs = cases.Select(c => Input(c, 2)).ToArray();
        var results = TestNetworks.RunOrt([.. cases.Select((c, i) => (ModuleExporters.Build(nets[i], c.SampleShape).ToBytes(), "input", inputs[i]))]);
        for (int i = 0; i < cases.Count; i++)
        {
            results[i].Error.Should().BeNull(cases[i].Name);
            results[i].Names.Should().Equal("output");
            var agreement = Agreement.Of(TestNetworks.Forward(nets[i], inputs[i]).ToArray(), results[i]["output"]);
            output.WriteLine($"{cases[i].Name}: ONNX Runtime vs module: {agreement}");
            agreement.MaxRel.Should().BeLessThanOrEqualTo(MaxRelativeError, cases[i].Name);
        }
    }

    [Fact]
    public void Build_ResNet_FoldsEveryBatchNormIntoItsConvolution()
    {
        TestNetworks.Case c = TestNetworks.Get("resnet_torchvision_stem_rgb64");
        Module net = c.Create();
        int batchNorms = net.NamedModules().Count(m => m.Module is BatchNorm2d);
        var folded = OnnxModel.Load(ModuleExporters.Build(net, c.SampleShape).ToBytes());
        folded.Nodes.Should().NotContain(n => n.OpType == "BatchNormalization");
        folded.Nodes.Count(n => n.OpType == "Conv").Should().Be(batchNorms);
        folded.Nodes.Count(n => n.OpType == "Add").Should().Be(8, "one residual Add per BasicBlock");
        folded.OpsetVersion.Should().Be(13);

        var unfolded = OnnxModel.Load(ModuleExporters.Build(net, c.SampleShape, new SequentialExportOptions { FoldBatchNorm = false }).ToBytes());
        unfolded.Nodes.Count(n => n.OpType == "BatchNormalization").Should().Be(batchNorms);
        Tensor x = Input(c, 2);
        Close.Check(new OnnxGraphRunner(unfolded).Run(x).ToArray(), new OnnxGraphRunner(folded).Run(x).ToArray(), 1e-5, 1e-4, "folded vs unfolded");
    }

    [Fact]
    public void Build_MobileFaceNet_FoldsTheEmbeddingBatchNormAndKeepsShortcuts()
    {
        TestNetworks.Case c = TestNetworks.Get("mobilefacenet_rgb64");
        Module net = c.Create();
        var onnx = OnnxModel.Load(ModuleExporters.Build(net, c.SampleShape).ToBytes());
        onnx.Nodes.Should().NotContain(n => n.OpType == "BatchNormalization");
        int shortcuts = net.NamedModules().Count(m => m.Module is MobileFaceNet.Bottleneck { HasShortcut: true });
        shortcuts.Should().BeGreaterThan(0);
        onnx.Nodes.Count(n => n.OpType == "Add").Should().Be(shortcuts);
        onnx.Nodes.Count(n => n.OpType == "Gemm").Should().Be(2, "the embedding (batch norm folded in) and the head");
    }

    [Fact]
    public void Build_UnsupportedModule_NamesItsPathAndType()
    {
        var net = new Sequential(new Conv2d(1, 2, 3, generator: new Generator(1)), new Doubler());
        var act = () => ModuleExporters.Build(net, [1, 8, 8]);
        act.Should().Throw<NotSupportedException>().WithMessage("*Sequential.1*Doubler*ModuleExporters.Register*");
    }

    [Fact]
    public void Register_CustomModule_IsExported()
    {
        ModuleExporters.Register<Tripler>((c, _, x) => c.Op("Mul", [x.Name, c.Scalar("three", 3f)], x.Shape));
        ModuleExporters.IsSupported(typeof(Tripler)).Should().BeTrue();
        var net = new Sequential(new Linear(4, 3, generator: new Generator(2)), new Tripler());
        net.Eval();
        Tensor x = Tensor.Uniform(new Generator(3), -1f, 1f, 5, 4);
        Tensor actual = new OnnxGraphRunner(OnnxModel.Load(ModuleExporters.Build(net, [4]).ToBytes())).Run(x);
        Close.Check(TestNetworks.Forward(net, x).ToArray(), actual.ToArray(), 1e-6, 1e-5, "custom module");
    }

    [Fact]
    public void Build_InputThatDoesNotFit_NamesTheModuleAndShape()
    {
        Module net = TestNetworks.Get("resnet_torchvision_stem_rgb64").Create();
        var act = () => ModuleExporters.Build(net, [1, 64, 64]);
        act.Should().Throw<ArgumentException>().WithMessage("*ExpressionNetwork.backbone*[N, 1, 64, 64]*conv1*must be 3 (in_channels)*");
    }

    [Fact]
    public void AdaptiveAvgPool_UnevenSizes_MatchesTheModule()
    {
        foreach (var (h, w, oh, ow) in new[] { (7, 5, 3, 2), (2, 2, 3, 3), (6, 9, 4, 4), (8, 8, 2, 4) })
        {
            var pool = new AdaptiveAvgPool2d((oh, ow));
            Tensor x = Tensor.Uniform(new Generator((ulong)(h * w)), -1f, 1f, 2, 3, h, w);
            Tensor actual = new OnnxGraphRunner(OnnxModel.Load(ModuleExporters.Build(pool, [3, h, w]).ToBytes())).Run(x);
            Close.Check(TestNetworks.Forward(pool, x).ToArray(), actual.ToArray(), 1e-6, 1e-5, $"{h}x{w} to {oh}x{ow}");
        }
    }

    [Fact]
    public void PRelu_SharedAndPerChannelSlopes_MatchTheModule()
    {
        foreach (int slopes in new[] { 1, 4 })
        {
            var prelu = new PReLU(slopes);
            TestNetworks.Randomize(prelu, new Generator(4));
            Tensor x = Tensor.Uniform(new Generator(5), -1f, 1f, 2, 4, 3, 3);
            var onnx = OnnxModel.Load(ModuleExporters.Build(prelu, [4, 3, 3]).ToBytes());
            Tensor actual = new OnnxGraphRunner(onnx).Run(x);
            actual.ToArray().Should().Equal(TestNetworks.Forward(prelu, x).ToArray(), $"{slopes} slope(s): the same formula");
        }
    }

    private sealed class Doubler : Module
    {
        public override Tensor Forward(Tensor input) => input.Mul(2f);
    }

    private sealed class Tripler : Module
    {
        public override Tensor Forward(Tensor input) => input.Mul(3f);
    }
}
