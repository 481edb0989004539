using System.Text.Json;
using Fer.MLNet.Data;
using Fer.MLNet.Interop;
using Fer.MLNet.Onnx;
using Fer.MLNet.Onnx.Runtime;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Onnx.Export.Models;
using Fer.MLNet.Tests.Onnx.Support;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Tests.Transforms.Faces;
using Fer.MLNet.Transforms;
using Fer.Testing;
using Fer.Tensors;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Interop;

/// <summary>
/// The pretrained face-api networks exported to ONNX (FaceExpressionNet through its pipeline steps,
/// TinyFaceDetector on its own), run by our runtime and by ONNX Runtime, against the TensorFlow.js
/// golden outputs (../shared/golden/face-api) and against the engine.
/// </summary>
public sealed class OnnxFaceApiExportTests(ITestOutputHelper output)
{
    private const double MaxRelativeError = 1e-4;
    private static readonly float[] ExpressionMean = [122.782f, 117.001f, 104.298f];
    private static readonly float[] DetectorMean = [117.001f, 114.697f, 97.404f];

    private static float[] Golden(string name) => OrtNode.ReadFloats(SharedData.Require(Path.Combine("golden", "face-api", name)));

    // Golden NHWC 0..255 -> [1, 3, S, S] of raw pixels.
    private static Tensor GoldenPixels(string name, int size)
    {
        float[] nhwc = Golden(name);
        var nchw = new float[nhwc.Length];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                for (int c = 0; c < 3; c++)
                    nchw[c * size * size + y * size + x] = nhwc[(y * size + x) * 3 + c];
        return Tensor.Wrap(nchw, 1, 3, size, size);
    }

    // What the exported graphs read: (pixel - mean[c]) / 255.
    private static Tensor Normalised(Tensor pixels, float[] mean)
    {
        float[] data = pixels.ToArray();
        int plane = pixels.Size(2) * pixels.Size(3);
        for (int i = 0; i < data.Length; i++) data[i] = (data[i] - mean[i / plane % 3]) / 255f;
        return Tensor.Wrap(data, pixels.Shape.ToArray());
    }

    private static float[] Softmax(float[] logits)
    {
        double max = logits.Max(), sum = logits.Sum(v => Math.Exp(v - max));
        return [.. logits.Select(v => (float)(Math.Exp(v - max) / sum))];
    }

    private static OnnxExportResult ExportExpression(ExpressionClassOrder order = ExpressionClassOrder.FaceApi)
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = FaceTestImages.Mixed();
        ITransformer model = fer.Transforms.PretrainedExpression("Image", order).Fit(data);
        return OnnxModelExporter.Export(model, data.Schema);
    }

    // The golden 13x13x25 NHWC grid as [1, 25, 13, 13].
    private static float[] GoldenGrid()
    {
        float[] nhwc = Golden("tiny416_out.f32");
        var nchw = new float[nhwc.Length];
        for (int p = 0; p < 169; p++)
            for (int c = 0; c < 25; c++)
                nchw[c * 169 + p] = nhwc[p * 25 + c];
        return nchw;
    }

    [SkippableFact]
    public void ExportToOnnx_PretrainedExpression_MatchesTheGoldenLogitsAndTheEngine()
    {
        OnnxExportResult result = ExportExpression();
        result.Kind.Should().Be("PretrainedExpression");
        result.InputShape.Should().Equal(-1, 3, 112, 112);
        result.OutputNames.Should().Equal("Score", "Features");
        result.ClassNames.Should().Equal(FaceExpressionNet.Classes.Names);
        result.Preprocessing!.Resizing.Should().Be(ImageResizingKind.IsoPad);
        result.Metadata[OnnxMetadataKeys.Preprocessing].Should().Contain("122.782").And.Contain("centred square");

        Tensor pixels = GoldenPixels("input112.f32", 112);
        IReadOnlyDictionary<string, Tensor> ours = new OnnxGraphRunner(OnnxModel.Load(result.Model)).Run(new Dictionary<string, Tensor> { ["input"] = Normalised(pixels, ExpressionMean) });

        float[] golden = Softmax(Golden("expr_logits.f32"));
        Agreement g = Agreement.Of(golden, ours["Score"].ToArray());
        output.WriteLine($"exported FaceExpressionNet (our runtime) Score vs tfjs golden softmax: {g}");
        g.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * g.MaxRef);

        float[] engine = Softmax(FaceTestImages.Expression.Forward(pixels).ToArray());
        Agreement e = Agreement.Of(engine, ours["Score"].ToArray());
        output.WriteLine($"exported FaceExpressionNet (our runtime) Score vs engine: {e}");
        e.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * e.MaxRef);
        ours["Features"].Shape.ToArray().Should().Equal(1, 256);
        ours["Features"].ToArray().Should().OnlyContain(v => v >= 0f, "the features are pooled ReLU outputs");
    }

    [Theory]
    [InlineData(ExpressionClassOrder.Canonical7)]
    [InlineData(ExpressionClassOrder.Canonical8)]
    public void ExportToOnnx_PretrainedExpressionInAnotherClassOrder_ScoresLikeTheTransformer(ExpressionClassOrder order)
    {
        // 112x112 RGB crops need no padding or resizing, so the graph's input is the pixels normalised by hand.
        var rng = new Random(3);
        Image[] images = [.. Enumerable.Range(0, 3).Select(_ =>
        {
            var px = new byte[112 * 112 * 3];
            rng.NextBytes(px);
            return new Image(112, 112, 3, px);
        })];
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = TestImages.View(images);
        var model = fer.Transforms.PretrainedExpression("Image", order).Fit(data);
        OnnxExportResult result = OnnxModelExporter.Export(model, data.Schema);
        result.ClassNames.Should().Equal(model.Classes.Names);

        var pixels = new float[images.Length * 3 * 112 * 112];
        for (int n = 0; n < images.Length; n++)
            for (int i = 0; i < 112 * 112; i++)
                for (int c = 0; c < 3; c++)
                    pixels[n * 3 * 112 * 112 + c * 112 * 112 + i] = images[n].Pixels[i * 3 + c];
        Tensor input = Normalised(Tensor.Wrap(pixels, images.Length, 3, 112, 112), ExpressionMean);
        float[] ours = new OnnxGraphRunner(OnnxModel.Load(result.Model)).Run(input).ToArray();
        float[] expected = [.. DataValues.Column<float[]>(model.Transform(data), "Score").SelectMany(s => s)];

        Agreement a = Agreement.Of(expected, ours);
        output.WriteLine($"{order}: exported Score vs transformer: {a}");
        a.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * a.MaxRef);
        if (order == ExpressionClassOrder.Canonical8)
            for (int n = 0; n < images.Length; n++) ours[n * 8 + (int)Fer.Transforms.Taxonomy.Expression.Contempt].Should().Be(0f, "face-api has no contempt class");
    }

    [Fact]
    public void ExportToOnnx_PretrainedFeatures_OutputsTheNetworksFeatures()
    {
        var fer = new FerContext(seed: 1);
        var px = new byte[112 * 112 * 3];
        new Random(5).NextBytes(px);
        var image = new Image(112, 112, 3, px);
        InMemoryDataView data = TestImages.View([image]);
        var model = fer.Transforms.PretrainedFeatures("Features", "Image").Fit(data);

        OnnxExportResult result = OnnxModelExporter.Export(model, data.Schema);
        result.OutputNames.Should().Equal("Features");
        var pixels = new float[3 * 112 * 112];
        for (int i = 0; i < 112 * 112; i++)
            for (int c = 0; c < 3; c++) pixels[c * 112 * 112 + i] = px[i * 3 + c];
        float[] ours = new OnnxGraphRunner(OnnxModel.Load(result.Model)).Run(Normalised(Tensor.Wrap(pixels, 1, 3, 112, 112), ExpressionMean)).ToArray();

        Agreement a = Agreement.Of(FaceTestImages.Expression.ExtractFeatures(image), ours);
        output.WriteLine($"exported PretrainedFeatures vs FaceExpressionNet.ExtractFeatures: {a}");
        a.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * a.MaxRef);
    }

    [SkippableFact]
    public void ExportFaceDetector_416_MatchesTheGoldenGridAndTheEngine()
    {
        OnnxExportResult result = OnnxModelExporter.ExportFaceDetector(416);
        result.Kind.Should().Be("TinyFaceDetector");
        result.InputShape.Should().Equal(-1, 3, 416, 416);
        result.OutputNames.Should().Equal("Grid");
        JsonSerializer.Deserialize<double[][]>(result.Metadata["anchors"])!.Should().HaveCount(5);
        result.Metadata["decoding"].Should().Contain("sigmoid");
        result.Metadata[OnnxMetadataKeys.Preprocessing].Should().Contain("right and bottom");

        Tensor pixels = GoldenPixels("input416.f32", 416);
        Tensor grid = new OnnxGraphRunner(OnnxModel.Load(result.Model)).Run(Normalised(pixels, DetectorMean));
        grid.Shape.ToArray().Should().Equal(1, 25, 13, 13);

        Agreement g = Agreement.Of(GoldenGrid(), grid.ToArray());
        output.WriteLine($"exported TinyFaceDetector (our runtime) vs tfjs golden: {g}");
        g.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * g.MaxRef);
        Agreement e = Agreement.Of(FaceTestImages.Detector.Forward(pixels).ToArray(), grid.ToArray());
        output.WriteLine($"exported TinyFaceDetector (our runtime) vs engine: {e}");
        e.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * e.MaxRef);
    }

    [Fact]
    public void ExportFaceDetector_OddSizes_PoolLikeTheEngine()
    {
        // 160 -> a 5x5 grid: every stride-2 pool meets an odd map once (TensorFlow 'same' end padding).
        OnnxExportResult result = OnnxModelExporter.ExportFaceDetector(160);
        var rng = new Random(9);
        var px = new float[2 * 3 * 160 * 160];
        for (int i = 0; i < px.Length; i++) px[i] = rng.Next(256);
        Tensor pixels = Tensor.Wrap(px, 2, 3, 160, 160);
        Tensor grid = new OnnxGraphRunner(OnnxModel.Load(result.Model)).Run(Normalised(pixels, DetectorMean));
        Agreement a = Agreement.Of(FaceTestImages.Detector.Forward(pixels).ToArray(), grid.ToArray());
        output.WriteLine($"exported TinyFaceDetector at 160, batch 2, vs engine: {a}");
        grid.Shape.ToArray().Should().Equal(2, 25, 5, 5);
        a.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * a.MaxRef);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void ExportFaceDetector_SizeNotAMultipleOf32_IsRefused(int size)
    {
        FluentActions.Invoking(() => OnnxModelExporter.ExportFaceDetector(size)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*multiple of 32*");
    }

    [SkippableFact]
    public void ExportedFaceApiModels_AgreeWithOnnxRuntime()
    {
        OrtNode.RequireAvailable();
        Tensor face = Normalised(GoldenPixels("input112.f32", 112), ExpressionMean);
        Tensor photo = Normalised(GoldenPixels("input416.f32", 416), DetectorMean);
        var results = TestNetworks.RunOrt(
        [
            (ExportExpression().Model, "input", face),
            (OnnxModelExporter.ExportFaceDetector(416).Model, "input", photo),
        ]);
        results[0].Error.Should().BeNull();
        results[1].Error.Should().BeNull();

        Agreement s = Agreement.Of(Softmax(Golden("expr_logits.f32")), results[0]["Score"]);
        output.WriteLine($"FaceExpressionNet: ONNX Runtime Score vs tfjs golden softmax: {s}");
        s.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * s.MaxRef);
        float[] features = FaceTestImages.Expression.Predict(ImageOf(GoldenPixels("input112.f32", 112))).Features.ToArray();
        Agreement f = Agreement.Of(features, results[0]["Features"]);
        output.WriteLine($"FaceExpressionNet: ONNX Runtime Features vs engine: {f}");
        f.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * f.MaxRef);

        Agreement d = Agreement.Of(GoldenGrid(), results[1]["Grid"]);
        output.WriteLine($"TinyFaceDetector: ONNX Runtime Grid vs tfjs golden: {d}");
        d.MaxAbs.Should().BeLessThanOrEqualTo(MaxRelativeError * d.MaxRef);
    }

    // A [1, 3, 112, 112] tensor of whole pixel values as an RGB image (the golden input is integral).
    private static Image ImageOf(Tensor pixels)
    {
        float[] v = pixels.ToArray();
        var px = new byte[112 * 112 * 3];
        for (int i = 0; i < 112 * 112; i++)
            for (int c = 0; c < 3; c++) px[i * 3 + c] = (byte)v[c * 112 * 112 + i];
        return new Image(112, 112, 3, px);
    }
}
