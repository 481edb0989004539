using System.Text.Json;
using System.Text.Json.Nodes;
using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Onnx.Export.Models;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Tensors;
using Fer.Trainers.Backbones;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Interop;

public sealed class OnnxModelExporterTests(InteropPipelines images, ITestOutputHelper output) : IClassFixture<InteropPipelines>
{
    private const double MaxRelativeError = 1e-4;

    public static TheoryData<BackboneKind, PixelColorMode> Models() => new()
    {
        { BackboneKind.ResNet18, PixelColorMode.Grey },
        { BackboneKind.Vgg, PixelColorMode.Grey },
        { BackboneKind.MobileFaceNet, PixelColorMode.Rgb },
    };

    /// <summary>The pipeline's Pixels, Score and Features columns.</summary>
    private (Tensor Pixels, float[] Score, float[] Features) Scored(ITransformer model, int channels, int size)
    {
        IDataView scored = model.Transform(images.PathView());
        List<float[]> pixels = DataValues.Column<float[]>(scored, "Pixels");
        return (Tensor.Wrap([.. pixels.SelectMany(p => p)], pixels.Count, channels, size, size),
            [.. DataValues.Column<float[]>(scored, "Score").SelectMany(v => v)],
            [.. DataValues.Column<float[]>(scored, "Features").SelectMany(v => v)]);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ExportToOnnx_Classifier_ScoresLikeTheTransformer(BackboneKind backbone, PixelColorMode colors)
    {
        int channels = colors == PixelColorMode.Grey ? 1 : 3;
        TransformerChain<ITransformer> model = InteropPipelines.Pipeline(backbone, colors, size: 48);
        var fer = new FerContext(1);
        string path = Path.Combine(images.Folder, $"{backbone}-{colors}.onnx");
        OnnxExportResult result = fer.Model.ExportToOnnx(model, images.PathView().Schema, path);
        result.OutputNames.Should().Equal("Score", "Features");

        var (pixels, score, features) = Scored(model, channels, 48);
        IReadOnlyDictionary<string, Tensor> ours = new OnnxGraphRunner(OnnxModel.Load(path)).Run(new Dictionary<string, Tensor> { ["input"] = pixels });
        Agreement s = Agreement.Of(score, ours["Score"].ToArray()), f = Agreement.Of(features, ours["Features"].ToArray());
        output.WriteLine($"{backbone} {colors}: exported (our runtime) vs transformer: Score {s}; Features {f}");
        s.MaxRel.Should().BeLessThanOrEqualTo(MaxRelativeError);
        FeaturesAgree(f);
    }

    /// <summary>
    /// Features pass through ReLU, so some are tiny results of cancellation; they are held to 1e-4 of
    /// the largest feature (element-wise relative errors are reported).
    /// </summary>
    private static void FeaturesAgree(Agreement f) => f.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * f.MaxRef);

    [SkippableFact]
    public void ExportToOnnx_Classifiers_AgreeWithOnnxRuntime()
    {
        OrtNode.RequireAvailable();
        var cases = Models().Select(row => ((BackboneKind)row[0], (PixelColorMode)row[1])).ToList();
        var jobs = new List<(byte[], string, Tensor)>();
        var expected = new List<(float[] Score, float[] Features)>();
        foreach (var (backbone, colors) in cases)
        {
            TransformerChain<ITransformer> model = InteropPipelines.Pipeline(backbone, colors);
            var (pixels, score, features) = Scored(model, colors == PixelColorMode.Grey ? 1 : 3, 48);
            jobs.Add((OnnxModelExporter.Export(model, images.PathView().Schema).Model, "input", pixels));
            expected.Add((score, features));
        }
        var results = TestNetworks.RunOrt(jobs);
        for (int i = 0; i < cases.Count; i++)
        {
            results[i].Error.Should().BeNull();
            Agreement s = Agreement.Of(expected[i].Score, results[i]["Score"]), f = Agreement.Of(expected[i].Features, results[i]["Features"]);
            output.WriteLine($"{cases[i].Item1} {cases[i].Item2}: ONNX Runtime vs transformer: Score {s}; Features {f}");
            s.MaxRel.Should().BeLessThanOrEqualTo(MaxRelativeError);
            FeaturesAgree(f);
        }
    }

    [Fact]
    public void ExportToOnnx_Classifier_WritesNamedShapesOpsetAndMetadata()
    {
        float[] mean = ImagePixelExtractingTransformer.ImageNetMean, std = ImagePixelExtractingTransformer.ImageNetStd;
        TransformerChain<ITransformer> model = InteropPipelines.Pipeline(BackboneKind.ResNet18, PixelColorMode.Rgb, size: 40, mean, std, ResizeMode.Area);
        OnnxExportResult result = OnnxModelExporter.Export(model, images.PathView().Schema);
        OnnxModel onnx = OnnxModel.Load(result.Model);

        onnx.OpsetVersion.Should().Be(13);
        onnx.Inputs.Single().Name.Should().Be("input");
        onnx.Inputs.Single().Shape!.Dims.Select(d => d.ToString()).Should().Equal("N", "3", "40", "40");
        onnx.Outputs.Select(o => o.Name).Should().Equal("Score", "Features");
        onnx.Outputs[0].Shape!.Dims.Select(d => d.ToString()).Should().Equal("N", "7");
        onnx.Nodes.Should().NotContain(n => n.OpType == "BatchNormalization");
        onnx.Nodes.Should().ContainSingle(n => n.OpType == "Softmax");

        onnx.Metadata[OnnxMetadataKeys.ModelKind].Should().Be("ExpressionClassifier");
        onnx.Metadata[OnnxMetadataKeys.InputLayout].Should().Be("NCHW");
        JsonSerializer.Deserialize<int[]>(onnx.Metadata[OnnxMetadataKeys.InputShape]).Should().Equal(-1, 3, 40, 40);
        JsonSerializer.Deserialize<string[]>(onnx.Metadata[OnnxMetadataKeys.ClassNames]).Should().Equal(InteropPipelines.Classes);
        JsonSerializer.Deserialize<string[]>(onnx.Metadata[OnnxMetadataKeys.SlotNamesPrefix + "Score"]).Should().Equal(InteropPipelines.Classes);
        var p = JsonNode.Parse(onnx.Metadata[OnnxMetadataKeys.Preprocessing])!.AsObject();
        ((int)p["width"]!, (int)p["height"]!, (int)p["channels"]!, (string)p["colors"]!).Should().Be((40, 40, 3, "Rgb"));
        p["mean"]!.AsArray().Select(v => (float)v!).Should().Equal(mean);
        p["std"]!.AsArray().Select(v => (float)v!).Should().Equal(std);
        ((float)p["scale"]!).Should().Be(1f / 255f);
        ((string)p["interpolation"]!).Should().Be("Area");
        p["steps"]!.AsArray().Select(s => (string)s!).Should().HaveCount(3).And.Contain(s => s.StartsWith("LoadImages", StringComparison.Ordinal));
        JsonNode.Parse(onnx.Metadata[OnnxMetadataKeys.Outputs])!.AsObject().Select(kv => kv.Key).Should().Equal("Score", "Features");
        result.Preprocessing!.Mean.Should().Equal(mean);
    }

    [Fact]
    public void ExportToOnnx_GreyConversionBeforeRgbPixels_IsRecorded()
    {
        var chain = InteropPipelines.Pipeline(BackboneKind.Vgg, PixelColorMode.Rgb);
        var steps = chain.ToList();
        steps.Insert(2, new ImageGrayscalingTransformer(new ImageGrayscalingTransformer.Options { OutputColumnName = "Face" }));
        OnnxExportResult result = OnnxModelExporter.Export(new TransformerChain<ITransformer>([.. steps]), images.PathView().Schema);
        result.Preprocessing!.GreyImage.Should().BeTrue();
        result.Preprocessing.Steps.Should().Contain(s => s.StartsWith("ConvertToGrayscale", StringComparison.Ordinal));
        ((string)JsonNode.Parse(result.Metadata[OnnxMetadataKeys.Preprocessing])!["colors"]!).Should().Be("GreyAsRgb");
    }

    [Fact]
    public void ExportToOnnx_ModelReadingPixelsDirectly_RecordsUnknownPreprocessingOrTheGivenOne()
    {
        var classifier = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 40);
        DataViewSchema schema = new DataViewSchema.Builder().AddColumn("Pixels", new VectorDataViewType(1, 40, 40)).ToSchema();
        OnnxExportResult unknown = OnnxModelExporter.Export(classifier, schema);
        unknown.Preprocessing.Should().BeNull();
        unknown.Metadata[OnnxMetadataKeys.Preprocessing].Should().StartWith("unknown:").And.Contain("'Pixels'");

        var given = new ImagePreprocessing(40, 40, PixelColorMode.Grey, 1f / 255f, [0.5f], [0.25f]);
        OnnxExportResult known = OnnxModelExporter.Export(classifier, schema, new OnnxExportOptions { Preprocessing = given });
        known.Preprocessing.Should().BeSameAs(given);

        var wrongSize = new ImagePreprocessing(48, 48, PixelColorMode.Grey);
        var act = () => OnnxModelExporter.Export(classifier, schema, new OnnxExportOptions { Preprocessing = wrongSize });
        act.Should().Throw<ArgumentException>().WithMessage("*48x48*40x40*");
    }

    [Fact]
    public void ExportToOnnx_ClassifierWithTestTimeAugmentation_SaysWhatTheSingleViewGraphLeavesOut()
    {
        var classifier = InteropPipelines.Classifier(BackboneKind.Vgg, 1, 40);
        DataViewSchema schema = new DataViewSchema.Builder().AddColumn("Pixels", new VectorDataViewType(1, 40, 40)).ToSchema();
        OnnxModelExporter.Export(classifier, schema).Metadata.Keys.Should().NotContain(k => k.StartsWith("test_time", StringComparison.Ordinal));

        IReadOnlyDictionary<string, string> flip = OnnxModelExporter.Export(classifier.WithTestTimeFlip(), schema).Metadata;
        flip["test_time_flip"].Should().Contain("mirror image");
        flip.Should().NotContainKey("test_time_shift");

        IReadOnlyDictionary<string, string> both = OnnxModelExporter.Export(classifier.WithTestTimeFlip().WithTestTimeShift(2), schema).Metadata;
        both["test_time_flip"].Should().Contain("mirror image");
        both["test_time_shift"].Should().Contain("shifted diagonally by 2 px").And.Contain("and of their mirror images");
    }

    [Fact]
    public void ExportToOnnx_NoScoringStep_ListsTheStepsAndWhatCanBeExported()
    {
        var chain = InteropPipelines.Pipeline().Take(3).ToArray();
        var act = () => OnnxModelExporter.Export(new TransformerChain<ITransformer>(chain), images.PathView().Schema);
        act.Should().Throw<ArgumentException>().WithMessage("*LoadImages, ResizeImages, ExtractPixels*ExpressionClassifierTransformer*");
    }

    [Fact]
    public void ExportToOnnx_SchemaTheModelRefuses_Throws()
    {
        DataViewSchema schema = new DataViewSchema.Builder().AddColumn("File", TextDataViewType.Instance).ToSchema();
        var act = () => OnnxModelExporter.Export(InteropPipelines.Pipeline(), schema);
        act.Should().Throw<ArgumentException>().WithMessage("*input schema*'Path'*");
    }

    [Fact]
    public void ExportToOnnx_OpsetBelow13_IsRefused()
    {
        var act = () => OnnxModelExporter.Export(InteropPipelines.Pipeline(), images.PathView().Schema, new OnnxExportOptions { OpsetVersion = 11 });
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*13*");
    }
}
