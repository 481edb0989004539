using System.Text.Json.Nodes;
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Onnx;
using Fer.MLNet.Pipeline;
using Fer.Testing;
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
