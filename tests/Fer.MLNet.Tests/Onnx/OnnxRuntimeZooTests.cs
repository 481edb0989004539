using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.Testing;
using Fer.Tensors;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Onnx;

/// <summary>Runs every <see cref="OpZoo"/> model through ONNX Runtime once (one node process) and shares the results.</summary>
public sealed class ZooFixture
{
    private readonly Lazy<IReadOnlyDictionary<string, OrtNode.Result>> results = new(RunAll);

    public IReadOnlyDictionary<string, OrtNode.Result> Results => results.Value;

    private static IReadOnlyDictionary<string, OrtNode.Result> RunAll()
    {
        string dir = Path.Combine(Path.GetTempPath(), "fer-zoo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var jobs = OpZoo.Cases.Select(c =>
            {
                string path = Path.Combine(dir, c.Name + ".onnx");
                File.WriteAllBytes(path, c.Model);
                return new OrtNode.Job(path, c.Inputs.Select(i => (i.Name, i.Data, i.Shape, false)).ToList());
            }).ToList();
            IReadOnlyList<OrtNode.Result> r = OrtNode.Run(jobs);
            return OpZoo.Cases.Select((c, i) => (c.Name, r[i])).ToDictionary(p => p.Name, p => p.Item2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Single operators with the attribute forms PyTorch does not emit, against ONNX Runtime 1.30 (CPU).</summary>
public sealed class OnnxRuntimeZooTests(ZooFixture fixture, ITestOutputHelper output) : IClassFixture<ZooFixture>
{
    public static IEnumerable<object[]> Cases => OpZoo.Names();

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Run_Operator_MatchesOnnxRuntime(string name)
    {
        OrtNode.RequireAvailable();
        ZooCase zoo = OpZoo.Cases.Single(c => c.Name == name);
        OrtNode.Result ort = fixture.Results[name];
        ort.Error.Should().BeNull("ONNX Runtime should accept the model");
        var runner = new OnnxGraphRunner(Fer.MLNet.Onnx.OnnxModel.Load(zoo.Model, name));
        var ours = runner.Run(zoo.Inputs.ToDictionary(i => i.Name, i => Tensor.FromArray(i.Data, i.Shape)));
        Agreement worst = default;
        for (int k = 0; k < ort.Names.Count; k++)
        {
            Tensor actual = ours[ort.Names[k]];
            actual.Shape.ToArray().Should().Equal(ort.Shapes[k], $"shape of {name}/{ort.Names[k]}");
            Close.Check(ort.Values[k], actual.ToArray(), 1e-5, 1e-4, $"{name}/{ort.Names[k]}");
            worst = worst.Max(Agreement.Of(ort.Values[k], actual.ToArray()));
        }
        output.WriteLine($"{name}: {worst}");
    }
}
