using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Interop;
using Fer.MLNet.Tests.Onnx.Export.Models;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Tests.Trainers.FeatureExtractor;
using Fer.MLNet.Trainers.Supervised;
using Fer.Tensors;
using Fer.Trainers.Backbones;
using Fer.Trainers.Supervised;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Trainers;

/// <summary>
/// A classifier made of several networks: Score is the mean of the members' scores, Features their features side
/// by side; the model zip and the ONNX export keep every member.
/// </summary>
public sealed class ClassifierEnsembleTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-ensemble-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static List<float[]> Column(ITransformer model, IDataView data, string name) => DataValues.Column<float[]>(model.Transform(data), name);

    // Member i alone, as a one-network classifier.
    private static ExpressionClassifierTransformer Member(ExpressionClassifierTransformer ensemble, int i)
    {
        SupervisedModel m = ensemble.Model;
        return new ExpressionClassifierTransformer(new SupervisedModel(m.Members[i], m.ClassNames, m.InChannels, m.InputSize),
            ensemble.Backbone, ensemble.BackboneWidth, ensemble.HeadDropout, ensemble.FeatureColumnName, outputFeatures: true);
    }

    [Fact]
    public void Transform_ScoresTheMeanOfTheMembers_AndWritesTheirFeaturesSideBySide()
    {
        InMemoryDataView data = PixelSets.Quadrants(6, seed: 12);
        ExpressionClassifierTransformer ensemble = InteropPipelines.EnsembleClassifier(BackboneKind.Vgg, 1, 48, members: 3);
        ensemble.Model.Members.Should().HaveCount(3);

        List<float[]>[] memberScores = [.. Enumerable.Range(0, 3).Select(i => Column(Member(ensemble, i), data, "Score"))];
        List<float[]>[] memberFeatures = [.. Enumerable.Range(0, 3).Select(i => Column(Member(ensemble, i), data, "Features"))];
        IDataView scored = ensemble.Transform(data);
        List<float[]> score = DataValues.Column<float[]>(scored, "Score"), features = DataValues.Column<float[]>(scored, "Features");
        List<int> predicted = DataValues.Column<int>(scored, "PredictedLabel");
        ((VectorDataViewType)scored.Schema["Features"].Type).Size.Should().Be(3 * memberFeatures[0][0].Length);
        for (int r = 0; r < score.Count; r++)
        {
            for (int k = 0; k < score[r].Length; k++)
                score[r][k].Should().BeApproximately(memberScores.Average(m => m[r][k]), 1e-6f, $"row {r}, class {k}");
            predicted[r].Should().Be(Array.IndexOf(score[r], score[r].Max()), $"row {r}");
            features[r].Should().Equal([.. memberFeatures.SelectMany(m => m[r])], $"row {r}");
        }
        // The members are different networks, so the mean is not any one member's score.
        memberScores[0].Zip(score).Should().Contain(p => p.First.Zip(p.Second).Any(v => Math.Abs(v.First - v.Second) > 1e-4f));
    }

    [Fact]
    public void SaveLoad_KeepsEveryMember_AndScoresTheSame()
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = PixelSets.Quadrants(5, seed: 13);
        ExpressionClassifierTransformer ensemble = InteropPipelines.EnsembleClassifier(BackboneKind.Vgg, 1, 48, members: 2).WithTestTimeFlip();
        string path = Path.Combine(dir, "ensemble.zip");
        fer.Model.Save(new TransformerChain<ITransformer>(ensemble), data.Schema, path);

        TransformerChain<ITransformer> chain = fer.Model.Load(path, out _);
        var loaded = (ExpressionClassifierTransformer)chain[chain.Count - 1];
        loaded.Model.Members.Should().HaveCount(2);
        loaded.TestTimeFlip.Should().BeTrue();
        Column(loaded, data, "Score").Should().BeEquivalentTo(Column(ensemble, data, "Score"), o => o.WithStrictOrdering());
        Column(loaded, data, "Features").Should().BeEquivalentTo(Column(ensemble, data, "Features"), o => o.WithStrictOrdering());
    }

    [SkippableFact]
    public void ExportToOnnx_EveryMemberInOneGraph_ScoresLikeTheTransformer_InOursAndOnnxRuntime()
    {
        InMemoryDataView data = PixelSets.Quadrants(4, seed: 14);
        ExpressionClassifierTransformer ensemble = InteropPipelines.EnsembleClassifier(BackboneKind.ResNet18, 1, 48, members: 2);
        var model = new TransformerChain<ITransformer>(ensemble);
        OnnxExportResult result = OnnxModelExporter.Export(model, data.Schema);
        result.OutputNames.Should().Equal("Score", "Features");
        OnnxModel onnx = OnnxModel.Load(result.Model);
        onnx.Nodes.Count(n => n.OpType == "Softmax").Should().Be(2, "one per member");
        onnx.Outputs[1].Shape!.Dims.Select(d => d.ToString()).Should().Equal("N", ensemble.Model.FeatureSize.ToString(System.Globalization.CultureInfo.InvariantCulture));

        List<float[]> pixels = DataValues.Column<float[]>(data, "Pixels");
        Tensor x = Tensor.Wrap([.. pixels.SelectMany(p => p)], pixels.Count, 1, 48, 48);
        float[] score = [.. Column(model, data, "Score").SelectMany(v => v)], features = [.. Column(model, data, "Features").SelectMany(v => v)];
        IReadOnlyDictionary<string, Tensor> ours = new OnnxGraphRunner(onnx).Run(new Dictionary<string, Tensor> { ["input"] = x });
        Agreement s = Agreement.Of(score, ours["Score"].ToArray()), f = Agreement.Of(features, ours["Features"].ToArray());
        output.WriteLine($"ensemble of 2 ResNet-18, our runtime vs transformer: Score {s}; Features {f}");
        s.MaxRel.Should().BeLessThanOrEqualTo(1e-4);
        f.MaxAbs.Should().BeLessThanOrEqualTo(1e-4 * f.MaxRef);

        OrtNode.RequireAvailable();
        OrtNode.Result ort = TestNetworks.RunOrt([(result.Model, "input", x)])[0];
        ort.Error.Should().BeNull();
        Agreement so = Agreement.Of(score, ort["Score"]), fo = Agreement.Of(features, ort["Features"]);
        output.WriteLine($"ONNX Runtime vs transformer: Score {so}; Features {fo}");
        so.MaxRel.Should().BeLessThanOrEqualTo(1e-4);
        fo.MaxAbs.Should().BeLessThanOrEqualTo(1e-4 * fo.MaxRef);
    }
}
