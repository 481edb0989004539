using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Export;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.Testing;
using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Onnx;

public sealed class SequentialOnnxExporterTests(ITestOutputHelper output)
{
    /// <summary>A small CNN using every exportable module, with trained-looking BatchNorm statistics.</summary>
    private static Sequential SmallCnn()
    {
        var g = new Generator(11);
        var bn1 = new BatchNorm2d(6);
        var bn2 = new BatchNorm2d(8);
        var bn3 = new BatchNorm1d(12);
        foreach (BatchNormBase bn in new BatchNormBase[] { bn1, bn2, bn3 }) Randomize(bn, g);
        var model = new Sequential(
            new Conv2d(3, 6, 3, padding: 1, generator: g), bn1, new ReLU(),
            new Conv2d(6, 8, (3, 3), (2, 2), Conv2dPadding.Same, groups: 2, generator: g), bn2, new LeakyReLU(0.1f),
            new MaxPool2d(3, stride: 2, padding: 1, ceilMode: true),
            new Sequential(new Conv2d(8, 8, 3, padding: 2, dilation: 2, bias: false, generator: g), new BatchNorm2d(8), new Tanh()),
            new AvgPool2d(2, stride: 1, padding: 1, countIncludePad: false),
            new Dropout(0.3f),
            new AdaptiveAvgPool2d(1),
            new Fer.Tensors.Nn.Flatten(),
            new Linear(8, 12, generator: g), bn3, new Sigmoid(),
            new Linear(12, 5, generator: g), new Softmax(1));
        model.Eval();
        return model;
    }

    private static void Randomize(BatchNormBase bn, Generator g)
    {
        using (GradMode.NoGrad())
        {
            bn.Weight!.CopyInPlace(Tensor.Uniform(g, 0.5f, 1.5f, bn.NumFeatures));
            bn.Bias!.CopyInPlace(Tensor.Uniform(g, -0.3f, 0.3f, bn.NumFeatures));
            bn.RunningMean!.CopyInPlace(Tensor.Uniform(g, -0.5f, 0.5f, bn.NumFeatures));
            bn.RunningVar!.CopyInPlace(Tensor.Uniform(g, 0.5f, 2f, bn.NumFeatures));
        }
    }

    private static Tensor Forward(Module m, Tensor x)
    {
        using (GradMode.NoGrad()) return m.Forward(x);
    }

    [Fact]
    public void Export_SmallCnn_RunsLikeTheModule()
    {
        Sequential model = SmallCnn();
        byte[] bytes = SequentialOnnxExporter.Export(model, [3, 15, 13]);
        var runner = new OnnxGraphRunner(OnnxModel.Load(bytes, "small-cnn"));
        Tensor x = Tensor.Uniform(new Generator(3), -1f, 1f, 4, 3, 15, 13);
        Tensor expected = Forward(model, x);
        Tensor actual = runner.Run(x);
        actual.Shape.ToArray().Should().Equal(4, 5);
        Close.Check(expected.ToArray(), actual.ToArray(), 1e-6, 1e-4, "exported vs module");
        output.WriteLine($"exported vs module: {Agreement.Of(expected.ToArray(), actual.ToArray())}");
    }

    [Fact]
    public void Export_ConvFollowedByBatchNorm_FoldsIntoConvWeights()
    {
        Sequential model = SmallCnn();
        var onnx = OnnxModel.Load(SequentialOnnxExporter.Export(model, [3, 15, 13]));
        // bn1, bn2 and the nested BatchNorm2d follow convolutions; only the BatchNorm1d after Linear stays.
        onnx.Nodes.Count(n => n.OpType == "BatchNormalization").Should().Be(1);
        onnx.Nodes.Count(n => n.OpType == "Conv").Should().Be(3);
        onnx.Nodes.Should().NotContain(n => n.OpType == "Dropout");

        var unfolded = OnnxModel.Load(SequentialOnnxExporter.Export(model, [3, 15, 13], new SequentialExportOptions { FoldBatchNorm = false }));
        unfolded.Nodes.Count(n => n.OpType == "BatchNormalization").Should().Be(4);
        Tensor x = Tensor.Uniform(new Generator(5), -1f, 1f, 2, 3, 15, 13);
        Close.Check(new OnnxGraphRunner(unfolded).Run(x).ToArray(), new OnnxGraphRunner(onnx).Run(x).ToArray(), 1e-6, 1e-4, "folded vs unfolded");
    }

    [Fact]
    public void FoldBatchNorm_OneChannel_MatchesFormula()
    {
        var bn = new BatchNorm2d(1, eps: 0.01f);
        using (GradMode.NoGrad())
        {
            bn.Weight!.FillInPlace(2f);
            bn.Bias!.FillInPlace(0.5f);
            bn.RunningMean!.FillInPlace(1f);
            bn.RunningVar!.FillInPlace(3.99f);
        }
        var (w, b) = SequentialOnnxExporter.FoldBatchNorm(Tensor.FromArray(new float[] { 1f, -2f }, 1, 1, 1, 2), Tensor.FromArray(3f), bn);
        // s = 2 / sqrt(3.99 + 0.01) = 1; W' = W, b' = (3 - 1) * 1 + 0.5.
        w.ToArray().Should().Equal(1f, -2f);
        b.ToArray().Should().Equal(2.5f);
    }

    [Fact]
    public void Export_Metadata_IsWrittenAndBatchIsSymbolic()
    {
        var model = new Sequential(new Fer.Tensors.Nn.Flatten(), new Linear(12, 3, generator: new Generator(1)));
        var options = new SequentialExportOptions { InputName = "pixels", OutputName = "logits", Metadata = new Dictionary<string, string> { ["preprocess"] = "rgb/255" } };
        var onnx = OnnxModel.Load(SequentialOnnxExporter.Export(model, [3, 2, 2], options));
        onnx.Metadata.Should().ContainKey("preprocess").WhoseValue.Should().Be("rgb/255");
        onnx.Proto.ProducerName.Should().Be("FerMLNet");
        onnx.OpsetVersion.Should().Be(13);
        onnx.Inputs.Single().Name.Should().Be("pixels");
        onnx.Inputs.Single().Shape!.Dims[0].Param.Should().Be("N");
        onnx.Outputs.Single().Name.Should().Be("logits");
        var runner = new OnnxGraphRunner(onnx);
        foreach (int batch in new[] { 1, 7 })
        {
            Tensor x = Tensor.Uniform(new Generator((ulong)batch), -1f, 1f, batch, 3, 2, 2);
            Close.Check(Forward(model, x).ToArray(), runner.Run(x).ToArray(), 1e-6, 1e-5, $"batch {batch}");
        }
    }

    [Fact]
    public void Export_SameInputTwice_GivesIdenticalBytes()
    {
        Sequential model = SmallCnn();
        SequentialOnnxExporter.Export(model, [3, 15, 13]).Should().Equal(SequentialOnnxExporter.Export(model, [3, 15, 13]));
    }

    [Fact]
    public void Export_UnsupportedModule_NamesItAndItsIndex()
    {
        var model = new Sequential(new Conv2d(3, 4, 3), new GELU());
        var act = () => SequentialOnnxExporter.Export(model, [3, 8, 8]);
        act.Should().Throw<NotSupportedException>().WithMessage("*module 1 (GELU)*supported:*Conv2d*");
    }

    [Fact]
    public void Export_ShapeThatDoesNotFit_NamesTheModule()
    {
        var model = new Sequential(new Conv2d(3, 4, 3), new Fer.Tensors.Nn.Flatten(), new Linear(10, 2));
        var act = () => SequentialOnnxExporter.Export(model, [3, 8, 8]);
        act.Should().Throw<ArgumentException>().WithMessage("*module 2 (Linear)*in_features*");
    }

    [Fact]
    public void Export_BatchNormWithoutRunningStats_IsRejected()
    {
        var model = new Sequential(new Fer.Tensors.Nn.Flatten(), new BatchNorm1d(4, trackRunningStats: false));
        var act = () => SequentialOnnxExporter.Export(model, [4]);
        act.Should().Throw<NotSupportedException>().WithMessage("*module 1 (BatchNorm1d)*running statistics*");
    }

    [SkippableFact]
    public void Export_SmallCnn_MatchesOnnxRuntime()
    {
        OrtNode.RequireAvailable();
        Sequential model = SmallCnn();
        string path = Path.Combine(Path.GetTempPath(), $"fer-seq-{Guid.NewGuid():N}.onnx");
        try
        {
            SequentialOnnxExporter.Export(model, [3, 15, 13], path);
            Tensor x = Tensor.Uniform(new Generator(9), -1f, 1f, 3, 3, 15, 13);
            OrtNode.Result ort = OrtNode.Run([new OrtNode.Job(path, [("input", x.ToArray(), [3, 3, 15, 13], false)])])[0];
            ort.Error.Should().BeNull();
            Tensor ours = OnnxGraphRunner.Load(path).Run(x);
            Close.Check(ort["output"], ours.ToArray(), 1e-6, 1e-4, "ours vs ONNX Runtime");
            Close.Check(ort["output"], Forward(model, x).ToArray(), 1e-6, 1e-4, "module vs ONNX Runtime");
            output.WriteLine($"exported CNN, ours vs ONNX Runtime: {Agreement.Of(ort["output"], ours.ToArray())}");
            output.WriteLine($"exported CNN, module vs ONNX Runtime: {Agreement.Of(ort["output"], Forward(model, x).ToArray())}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
