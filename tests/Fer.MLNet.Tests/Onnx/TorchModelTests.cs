using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.Testing;
using Fer.Tensors;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Onnx;

/// <summary>Models exported by PyTorch 1.13's torch.onnx.export: our runner against torch's own outputs and against ONNX Runtime.</summary>
public sealed class TorchModelTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Models => TorchModels.Names();

    [Theory]
    [MemberData(nameof(Models))]
    public void Run_TorchExportedModel_MatchesTorchOutputs(string name)
    {
        TorchModels.Model model = TorchModels.Get(name);
        IReadOnlyDictionary<string, Tensor> ours = RunOurs(model);
        Agreement worst = default;
        foreach (TorchModels.Tensor expected in model.Outputs)
        {
            Tensor actual = ours[expected.Name];
            actual.Shape.ToArray().Should().Equal(expected.Shape, $"shape of {name}/{expected.Name}");
            Close.Check(expected.Data, actual.ToArray(), 1e-5, 1e-4, $"{name}/{expected.Name} vs torch");
            worst = worst.Max(Agreement.Of(expected.Data, actual.ToArray()));
        }
        output.WriteLine($"{name} vs torch: {worst}");
    }

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void Run_TorchExportedModel_MatchesOnnxRuntime(string name)
    {
        OrtNode.RequireAvailable();
        TorchModels.Model model = TorchModels.Get(name);
        OrtNode.Result ort = OrtNode.Run([new OrtNode.Job(model.Path, model.Inputs.Select(i => (i.Name, i.Data, i.Shape, false)).ToList())])[0];
        ort.Error.Should().BeNull();
        IReadOnlyDictionary<string, Tensor> ours = RunOurs(model);
        Agreement worst = default;
        for (int k = 0; k < ort.Names.Count; k++)
        {
            Tensor actual = ours[ort.Names[k]];
            actual.Shape.ToArray().Should().Equal(ort.Shapes[k], $"shape of {name}/{ort.Names[k]}");
            Close.Check(ort.Values[k], actual.ToArray(), 1e-5, 1e-4, $"{name}/{ort.Names[k]} vs ONNX Runtime");
            worst = worst.Max(Agreement.Of(ort.Values[k], actual.ToArray()));
        }
        output.WriteLine($"{name} vs ONNX Runtime: {worst}");
    }

    private static IReadOnlyDictionary<string, Tensor> RunOurs(TorchModels.Model model)
    {
        var runner = OnnxGraphRunner.Load(model.Path);
        var feeds = model.Inputs.ToDictionary(i => i.Name, i => Tensor.FromArray(i.Data, i.Shape));
        return runner.Run(feeds);
    }
}
