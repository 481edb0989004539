using System.Text.Json.Nodes;
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Onnx;
using Fer.MLNet.Pipeline;
using Fer.Testing;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.Cli.Tests;

/// <summary><c>fer export</c>: a trained model zip out as ONNX and as an ML.NET zip, each scoring as the model does.</summary>
public sealed class ExportCommandTests(ITestOutputHelper log) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-export-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SkippableFact]
    public void Export_TrainedModel_WritesOnnxAndAnMLNetZipThatScoresAsFerPredict()
    {
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string model = Path.Combine(dir, "model.zip"), onnx = Path.Combine(dir, "model.onnx"), mlnet = Path.Combine(dir, "mlnet-model.zip");
        CliRun.Of("train", "supervised", "--data", "ferplus:" + valid, "--limit", "100", "--epochs", "1", "--batch-size", "50", "--width", "4", "--out", model, "--threads", "2")
            .ExitCode.Should().Be(0);

        var export = CliRun.Of("export", "--model", model, "--onnx", onnx, "--mlnet", mlnet);
        log.WriteLine(export.ToString());
        export.ExitCode.Should().Be(0);
        export.Output.Should().Contain($"wrote {onnx}").And.Contain("input 'input' [N, 1, 48, 48]").And.Contain($"wrote {mlnet}")
            .And.Contain("classes: neutral, happiness, surprise, sadness, anger, disgust, fear, contempt");

        OnnxModel graph = OnnxModel.Load(onnx);
        graph.Nodes.Select(n => n.OpType).Should().Contain("Conv").And.NotContain("BatchNormalization", "batch norm is folded into the convolutions");
        graph.OpsetVersion.Should().BeGreaterThanOrEqualTo(13);

        // The ML.NET zip, read back and run on our engine, scores five FER+ faces as `fer predict` does.
        string[] faces = [.. Directory.EnumerateFiles(valid, "*.png").Order(StringComparer.Ordinal).Take(5)];
        string images = Directory.CreateDirectory(Path.Combine(dir, "images")).FullName;
        foreach (string f in faces) File.Copy(f, Path.Combine(images, Path.GetFileName(f)));
        string json = Path.Combine(dir, "predictions.json");
        CliRun.Of("predict", "--model", model, images, "--output", json).ExitCode.Should().Be(0);
        float[] expected = [.. JsonNode.Parse(File.ReadAllText(json))!.AsArray()
            .SelectMany(row => row!["probabilities"]!.AsObject().Select(p => (float)p.Value!.GetValue<double>()))];

        var fer = new FerContext();
        TransformerChain<ITransformer> loaded = fer.Model.LoadMLNet(mlnet, out _);
        string[] copies = [.. Directory.EnumerateFiles(images).Order(StringComparer.Ordinal)];
        var input = new InMemoryDataView(new DataViewSchema.Builder().AddColumn("ImagePath", TextDataViewType.Instance).ToSchema(), [[.. copies]]);
        float[] actual = [.. DataCatalogColumn(loaded.Transform(input))];
        actual.Should().HaveCount(expected.Length);
        for (int i = 0; i < actual.Length; i++) actual[i].Should().BeApproximately(expected[i], 1e-4f, $"score {i % 8} of face {i / 8}");
    }

    [SkippableFact]
    public void Export_PretrainedModels_WritesOnnxForEachAndAnMLNetZipThatScoresLikeThePretrainedStep()
    {
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string expression = Path.Combine(dir, "expression.onnx"), features = Path.Combine(dir, "features.onnx"), detector = Path.Combine(dir, "detector.onnx");
        string mlnet = Path.Combine(dir, "expression-mlnet.zip");
        var run = CliRun.Of("export", "--model", "pretrained", "--onnx", expression, "--mlnet", mlnet);
        log.WriteLine(run.ToString());
        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("PretrainedExpression, input 'input' [N, 3, 112, 112], outputs Score, Features")
            .And.Contain("classes: neutral, happy, sad, angry, fearful, disgusted, surprised").And.Contain("centred square");
        CliRun.Of("export", "--model", "pretrained-features", "--onnx", features).ExitCode.Should().Be(0);
        var det = CliRun.Of("export", "--model", "face-detector", "--onnx", detector, "--input-size", "320");
        log.WriteLine(det.ToString());
        det.ExitCode.Should().Be(0);
        det.Output.Should().Contain("TinyFaceDetector, input 'input' [N, 3, 320, 320], outputs Grid").And.Contain("decoding:");
        OnnxModel.Load(features).Outputs.Select(o => o.Name).Should().Equal("Features");
        OnnxModel.Load(detector).Outputs.Select(o => o.Name).Should().Equal("Grid");

        // Faces already 112x112 need no resizing: the ML.NET zip (read back, run on our engine) must score as the pretrained step.
        var fer = new FerContext();
        string[] faces = [.. Directory.EnumerateFiles(valid, "*.png").Order(StringComparer.Ordinal).Take(8)];
        string big = Directory.CreateDirectory(Path.Combine(dir, "faces112")).FullName;
        string[] resized = [.. faces.Select(f =>
        {
            string path = Path.Combine(big, Path.GetFileName(f));
            Image.Decode(File.ReadAllBytes(f)).Resize(112, 112).SavePng(path);
            return path;
        })];
        var (zip112, step112) = ScoreBothWays(fer, mlnet, resized);
        double exact = MaxDifference(zip112, step112);
        log.WriteLine($"ML.NET zip vs pretrained step on {resized.Length} FER+ faces at 112x112: max |score difference| {exact:G3}");
        exact.Should().BeLessThan(1e-4);

        // On the 48x48 originals the zip resizes as ML.NET does (IsoPad, bicubic) where face-api uses TensorFlow's
        // bilinear: the top class must agree, the scores move by the interpolation.
        var (zip48, step48) = ScoreBothWays(fer, mlnet, faces);
        int agree = Enumerable.Range(0, faces.Length).Count(i => ArgMax(zip48[i]) == ArgMax(step48[i]));
        log.WriteLine($"ML.NET zip vs pretrained step on {faces.Length} FER+ faces at 48x48: same top class {agree}/{faces.Length}, max |score difference| {MaxDifference(zip48, step48):F4}");
        agree.Should().BeGreaterThanOrEqualTo(faces.Length - 1);
    }

    private static (float[][] Zip, float[][] Step) ScoreBothWays(FerContext fer, string mlnet, string[] images)
    {
        var paths = new InMemoryDataView(new DataViewSchema.Builder().AddColumn("ImagePath", TextDataViewType.Instance).ToSchema(), [[.. images]]);
        float[][] viaZip = [.. Fer.MLNet.Catalogs.DataCatalog.GetColumn<float[]>(fer.Model.LoadMLNet(mlnet, out _).Transform(paths), "Score")];
        var pipeline = fer.Transforms.LoadImages("Face", inputColumnName: "ImagePath").Append(fer.Transforms.PretrainedExpression("Face"));
        float[][] direct = [.. Fer.MLNet.Catalogs.DataCatalog.GetColumn<float[]>(pipeline.Fit(paths).Transform(paths), "Score")];
        return (viaZip, direct);
    }

    private static double MaxDifference(float[][] a, float[][] b) => Enumerable.Range(0, a.Length).Max(i => a[i].Zip(b[i], (x, y) => (double)Math.Abs(x - y)).Max());

    [Fact]
    public void Export_FaceDetectorToMLNet_SaysOnnxOnly()
    {
        var run = CliRun.Of("export", "--model", "face-detector", "--mlnet", Path.Combine(dir, "d.zip"));
        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("exports to ONNX only");
        File.Exists(Path.Combine(dir, "d.zip")).Should().BeFalse();
    }

    private static int ArgMax(float[] v) => Array.IndexOf(v, v.Max());

    [Fact]
    public void Export_WithoutATarget_SaysWhatToGive()
    {
        var run = CliRun.Of("export", "--model", Path.Combine(dir, "model.zip"));
        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("Give --onnx FILE, --mlnet FILE or both.");
    }

    [Fact]
    public void Export_MissingModel_NamesTheFile()
    {
        string missing = Path.Combine(dir, "missing.zip");
        var run = CliRun.Of("export", "--model", missing, "--onnx", Path.Combine(dir, "x.onnx"));
        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain($"Model file '{missing}' does not exist.");
        File.Exists(Path.Combine(dir, "x.onnx")).Should().BeFalse();
    }

    private static IEnumerable<float> DataCatalogColumn(IDataView scored) => Fer.MLNet.Catalogs.DataCatalog.GetColumn<float[]>(scored, "Score").SelectMany(v => v);
}
