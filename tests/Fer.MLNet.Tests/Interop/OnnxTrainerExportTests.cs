using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Onnx.Export.Models;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Tests.Trainers.FeatureExtractor;
using Fer.MLNet.Tests.Trainers.GcnMultitask;
using Fer.MLNet.Trainers.FeatureExtractor;
using Fer.MLNet.Trainers.GcnMultitask;
using Fer.Tensors;
using Fer.Trainers.Backbones;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Interop;

/// <summary>The feature extractor and the GCN multi-task model exported to ONNX: our runtime and ONNX Runtime against the transformers.</summary>
public sealed class OnnxTrainerExportTests(ITestOutputHelper output)
{
    private const double MaxRelativeError = 1e-4;

    // Grey square images: [N, 1, S, S].
    private static Tensor Pixels(IDataView data)
    {
        List<float[]> rows = DataValues.Column<float[]>(data, "Pixels");
        int size = (int)Math.Sqrt(rows[0].Length);
        return Tensor.Wrap([.. rows.SelectMany(p => p)], rows.Count, 1, size, size);
    }

    private static float[] Column(IDataView scored, string name) => scored.Schema[name].Type is VectorDataViewType
        ? [.. DataValues.Column<float[]>(scored, name).SelectMany(v => v)]
        : [.. DataValues.Column<float>(scored, name)];

    private (FeatureExtractorTransformer Model, InMemoryDataView Data) FeatureExtractor()
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = PixelSets.Quadrants(16, 1);
        var options = new FeatureExtractorEstimator.Options { Backbone = BackboneKind.ResNet18, BackboneWidth = 4, Epochs = 1, BatchSize = 8, Seed = 5, Augmentation = new() { HorizontalFlip = 0 } };
        return (fer.Trainers.FeatureExtractor(options).Fit(data), data);
    }

    private (GcnMultitaskTransformer Model, InMemoryDataView Data) Gcn()
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = AffectViews.Pixels(12, seed: 4);
        var options = new GcnMultitaskEstimator.Options { Backbone = BackboneKind.Vgg, BackboneWidth = 4, Epochs = 1, BatchSize = 6, NodeInputSize = 8, GcnHiddenSize = 16, OutputFeatures = true };
        return (fer.Trainers.GcnMultitask(options).Fit(data), data);
    }

    [Fact]
    public void ExportToOnnx_FeatureExtractor_OutputsTheTransformersFeatures()
    {
        var (model, data) = FeatureExtractor();
        OnnxExportResult result = OnnxModelExporter.Export(model, data.Schema);
        result.OutputNames.Should().Equal("Features");
        result.Kind.Should().Be("FeatureExtractor");
        float[] expected = Column(model.Transform(data), "Features");
        float[] actual = new OnnxGraphRunner(OnnxModel.Load(result.Model)).Run(Pixels(data)).ToArray();
        Agreement a = Agreement.Of(expected, actual);
        output.WriteLine($"feature extractor, exported (our runtime) vs transformer: {a}");
        a.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * a.MaxRef);
    }

    [Fact]
    public void ExportToOnnx_GcnMultitask_ScoreValenceArousalAndFeaturesMatchTheTransformer()
    {
        var (model, data) = Gcn();
        OnnxExportResult result = OnnxModelExporter.Export(model, data.Schema);
        result.OutputNames.Should().Equal("Score", "Valence", "Arousal", "Features");
        result.ClassNames.Should().Equal(AffectViews.Classes);
        OnnxModel graph = OnnxModel.Load(result.Model);
        graph.Nodes.Select(n => n.OpType).Should().NotContain("BatchNormalization");
        IReadOnlyDictionary<string, Tensor> ours = new OnnxGraphRunner(graph).Run(new Dictionary<string, Tensor> { ["input"] = Pixels(data) });

        IDataView scored = model.Transform(data);
        foreach (var (onnxName, column) in new[] { ("Score", "Score"), ("Valence", "PredictedValence"), ("Arousal", "PredictedArousal"), ("Features", "Features") })
        {
            Agreement a = Agreement.Of(Column(scored, column), ours[onnxName].ToArray());
            output.WriteLine($"GCN multi-task {onnxName}, exported (our runtime) vs transformer: {a}");
            a.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * Math.Max(a.MaxRef, 1e-3), onnxName);
        }
    }

    [SkippableFact]
    public void ExportToOnnx_FeatureExtractorAndGcn_AgreeWithOnnxRuntime()
    {
        OrtNode.RequireAvailable();
        var (fe, feData) = FeatureExtractor();
        var (gcn, gcnData) = Gcn();
        var results = TestNetworks.RunOrt(
        [
            (OnnxModelExporter.Export(fe, feData.Schema).Model, "input", Pixels(feData)),
            (OnnxModelExporter.Export(gcn, gcnData.Schema).Model, "input", Pixels(gcnData)),
        ]);
        results[0].Error.Should().BeNull();
        results[1].Error.Should().BeNull();
        Agreement f = Agreement.Of(Column(fe.Transform(feData), "Features"), results[0]["Features"]);
        output.WriteLine($"feature extractor: ONNX Runtime vs transformer: {f}");
        f.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * f.MaxRef);
        IDataView scored = gcn.Transform(gcnData);
        foreach (var (onnxName, column) in new[] { ("Score", "Score"), ("Valence", "PredictedValence"), ("Arousal", "PredictedArousal") })
        {
            Agreement a = Agreement.Of(Column(scored, column), results[1][onnxName]);
            output.WriteLine($"GCN multi-task {onnxName}: ONNX Runtime vs transformer: {a}");
            a.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * Math.Max(a.MaxRef, 1e-3), onnxName);
        }
    }

    [Fact]
    public void ExportToOnnx_GcnOnFeatureVectors_SaysWhatToExportInstead()
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = AffectViews.Features(30, 6, seed: 3);
        var model = fer.Trainers.GcnMultitask(new GcnMultitaskEstimator.Options { FeatureColumnName = "Features", Epochs = 1, BatchSize = 10, NodeInputSize = 8, GcnHiddenSize = 16 }).Fit(data);
        FluentActions.Invoking(() => OnnxModelExporter.Export(model, data.Schema)).Should().Throw<NotSupportedException>().WithMessage("*feature vectors*export the feature extractor*");
    }
}
