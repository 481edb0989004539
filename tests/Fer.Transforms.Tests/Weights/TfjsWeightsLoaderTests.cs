using System.Text.Json;
using Fer.Testing;
using Fer.Transforms.Weights;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Weights;

public class TfjsWeightsLoaderTests(ITestOutputHelper output)
{
    private static readonly string ModelFolder = Path.Combine(SharedData.RepositoryRoot, "assets", "face-api", "model");

    // face-api-reference.json was written by face-api-reference.mjs (Node's typed arrays, independent of this code).
    private static readonly Lazy<JsonDocument> Reference = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedData.RepositoryRoot, "tests", "Fer.Transforms.Tests", "Weights", "face-api-reference.json"))));

    [Theory]
    [InlineData("face_expression_model", 49)]
    [InlineData("face_landmark_68_tiny_model", 28)]
    [InlineData("tiny_face_detector_model", 19)]
    public void Load_FaceApiModel_MatchesNodeReference(string model, int tensorCount)
    {
        string manifestPath = Path.Combine(ModelFolder, model + "-weights_manifest.json");
        var weights = TfjsWeightsLoader.Load(manifestPath);
        var reference = Reference.Value.RootElement.GetProperty(model).EnumerateArray().ToList();
        output.WriteLine($"{model}: {weights.Count} tensors, {weights.Values.Sum(t => t.ElementCount)} values");
        weights.Count.Should().Be(tensorCount);
        reference.Should().HaveCount(tensorCount);
        weights.Manifest.Groups.Sum(g => g.ByteLength).Should().Be(new FileInfo(Path.Combine(ModelFolder, model + ".bin")).Length);
        for (int i = 0; i < tensorCount; i++)
        {
            var (name, tensor) = weights.At(i);
            var r = reference[i];
            name.Should().Be(r.GetProperty("name").GetString());
            tensor.Shape.ToArray().Should().Equal(r.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), name);
            tensor.ElementCount.Should().Be(r.GetProperty("count").GetInt32(), name);
            float[] values = tensor.ToArray();
            double sum = 0, sumAbs = 0;
            foreach (float v in values) { sum += v; sumAbs += Math.Abs(v); }
            Close.Check([r.GetProperty("sum").GetDouble(), r.GetProperty("sumAbs").GetDouble()], [sum, sumAbs], 1e-9, 1e-9, name + " sums");
            int[] probe = [.. r.GetProperty("probe").EnumerateArray().Select(e => e.GetInt32())];
            float[] expected = [.. r.GetProperty("probeValues").EnumerateArray().Select(e => (float)e.GetDouble())];
            Close.Check(expected, [.. probe.Select(p => values[p])], 0, 0, name + " probes");
        }
    }

    [Theory]
    [InlineData("face_expression_model")]
    [InlineData("face_landmark_68_tiny_model")]
    [InlineData("tiny_face_detector_model")]
    public void Load_FaceApiModel_BiasesMatchTheirFilters(string model)
    {
        var weights = TfjsWeightsLoader.Load(Path.Combine(ModelFolder, model + "-weights_manifest.json"));
        int checkedBiases = 0;
        foreach (var (name, bias) in weights)
        {
            if (!name.EndsWith("/bias", StringComparison.Ordinal)) continue;
            string prefix = name[..^"bias".Length];
            var filter = weights.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && kv.Key != name && !kv.Key.EndsWith("depthwise_filter", StringComparison.Ordinal))
                .Select(kv => kv.Value).Single();
            bias.Rank.Should().Be(1, name);
            bias.Size(0).Should().Be(filter.Size(-1), $"{name} has one value per output channel");
            checkedBiases++;
        }
        checkedBiases.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Load_FaceExpressionModel_KnownShapes()
    {
        var w = TfjsWeightsLoader.Load(Path.Combine(ModelFolder, "face_expression_model-weights_manifest.json"));
        w["dense0/conv0/filters"].Shape.ToArray().Should().Equal(3, 3, 3, 32);
        w["dense0/conv1/depthwise_filter"].Shape.ToArray().Should().Equal(3, 3, 32, 1);
        w["fc/weights"].Shape.ToArray().Should().Equal(256, 7);
        w["fc/bias"].Shape.ToArray().Should().Equal(7);
        FluentActions.Invoking(() => w["nope"]).Should().Throw<KeyNotFoundException>().WithMessage("*face_expression_model-weights_manifest.json*'nope'*");
    }
}
