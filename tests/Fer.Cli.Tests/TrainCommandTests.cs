using System.Globalization;
using System.Text.Json.Nodes;
using Fer.MLNet;
using Fer.Testing;
using Xunit.Abstractions;

namespace Fer.Cli.Tests;

/// <summary>The user's path on the command line: train, then evaluate, inspect and use the written model.</summary>
public sealed class TrainCommandTests(ITestOutputHelper log) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-train-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SkippableFact]
    public void Train_SupervisedOneEpoch_ModelEvaluatesInspectsAndPredicts()
    {
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string model = Path.Combine(dir, "model.zip");

        var train = CliRun.Of("train", "supervised", "--data", "ferplus:" + valid, "--limit", "300", "--valid", "ferplus:" + valid, "--valid-limit", "100",
            "--epochs", "1", "--batch-size", "50", "--width", "8", "--out", model, "--threads", "2");
        log.WriteLine(train.ToString());

        train.ExitCode.Should().Be(0);
        File.Exists(model).Should().BeTrue();
        Directory.Exists(Path.ChangeExtension(model, ".checkpoints")).Should().BeFalse("the default checkpoint folder is removed after a successful run");
        train.Output.Should().Contain("epoch 1/1  step 6/6").And.Contain("epoch 1/1  validation: accuracy");
        train.Output.Should().Contain("seed 1, 2 threads, managed GEMM ", "the header names what decides a run's bits, and the native BLAS is opt-in");
        double trainAccuracy = train.Number("accuracy");

        // The same validation rows through 'fer evaluate' (majority labels, as training used) give the number training printed.
        var evaluate = CliRun.Of("evaluate", "--model", model, "--data", "ferplus:" + valid, "--limit", "100", "--ferplus-mode", "majority");
        log.WriteLine(evaluate.ToString());
        evaluate.ExitCode.Should().Be(0);
        evaluate.Number("accuracy").Should().Be(trainAccuracy);
        evaluate.Value("rows").Should().Be("100");

        var info = CliRun.Of("info", model);
        log.WriteLine(info.ToString());
        info.ExitCode.Should().Be(0);
        info.Output.Should().Contain("LoadImages").And.Contain("ConvertToGrayscale").And.Contain("ResizeImages").And.Contain("ExtractPixels").And.Contain("ExpressionClassifier");
        info.Value("classes (8)").Should().Be("neutral, happiness, surprise, sadness, anger, disgust, fear, contempt");
        var loaded = new FerContext().Model.Load(model, out _);
        long expected = ((Fer.MLNet.Model.IPersistentTransformer)loaded[^1]).GetState().Weights!.Values.Sum(t => (long)t.ElementCount);
        long.Parse(info.Value("parameters"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture).Should().Be(expected).And.BeGreaterThan(10_000);
        info.Value("size").Should().Be($"{new FileInfo(model).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes");

        string images = Directory.CreateDirectory(Path.Combine(dir, "images")).FullName;
        foreach (string f in Directory.EnumerateFiles(valid, "*.png").Order(StringComparer.Ordinal).Take(5)) File.Copy(f, Path.Combine(images, Path.GetFileName(f)));
        string json = Path.Combine(dir, "predictions.json");
        var predict = CliRun.Of("predict", "--model", model, images, "--output", json);
        log.WriteLine(predict.ToString());
        predict.ExitCode.Should().Be(0);
        var rows = JsonNode.Parse(File.ReadAllText(json))!.AsArray();
        rows.Should().HaveCount(5);
        foreach (JsonNode? row in rows)
        {
            var probabilities = row!["probabilities"]!.AsObject();
            probabilities.Select(p => p.Key).Should().Equal("neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt");
            probabilities.Sum(p => (double)p.Value!).Should().BeApproximately(1, 1e-4);
            double top = probabilities.Max(p => (double)p.Value!);
            ((double)row["probability"]!).Should().Be(top);
            probabilities.First(p => (double)p.Value! == top).Key.Should().Be((string)row["expression"]!);
        }
    }

    [SkippableFact]
    public void Train_ExistingCheckpointsWithoutResume_RefusesAndNamesTheFolder()
    {
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string checkpoints = Directory.CreateDirectory(Path.Combine(dir, "ck", "ckpt-00000004")).Parent!.FullName;

        var run = CliRun.Of("train", "supervised", "--data", "ferplus:" + valid, "--limit", "50", "--out", Path.Combine(dir, "m.zip"), "--checkpoint-dir", checkpoints);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("holds checkpoints of an earlier run").And.Contain("--resume").And.Contain(checkpoints);
        File.Exists(Path.Combine(dir, "m.zip")).Should().BeFalse();
    }

    [SkippableFact]
    public void Train_SupervisedEnsemble_WritesOneModelWithEveryMember()
    {
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string model = Path.Combine(dir, "ensemble.zip");

        var train = CliRun.Of("train", "supervised", "--data", "ferplus:" + valid, "--limit", "100", "--epochs", "1", "--batch-size", "50", "--width", "4",
            "--ensemble", "2", "--out", model, "--threads", "2");
        log.WriteLine(train.ToString());

        train.ExitCode.Should().Be(0);
        var classifier = (Fer.MLNet.Trainers.Supervised.ExpressionClassifierTransformer)new FerContext().Model.Load(model, out _)[^1];
        classifier.Model.Members.Should().HaveCount(2);
        var info = CliRun.Of("info", model);
        info.ExitCode.Should().Be(0);
        long weights = classifier.Model.Members.Sum(m => m.StateDict().Values.Sum(t => (long)t.ElementCount));
        long.Parse(info.Value("parameters"), NumberStyles.AllowThousands, CultureInfo.InvariantCulture).Should().Be(weights, "info counts every member's weights");
        var evaluate = CliRun.Of("evaluate", "--model", model, "--data", "ferplus:" + valid, "--limit", "40");
        evaluate.ExitCode.Should().Be(0);
        evaluate.Number("accuracy").Should().BeInRange(0, 1);
    }

    [Theory]
    [InlineData("supervised", "0", "--ensemble must be between 1 and 16, got 0")]
    [InlineData("gcn-multitask", "2", "--ensemble is for supervised; gcn-multitask trains one network")]
    public void Train_BadEnsemble_IsRefusedBeforeReadingData(string trainer, string count, string message)
    {
        string model = Path.Combine(dir, "m.zip");
        var run = CliRun.Of("train", trainer, "--data", "ferplus:" + Path.Combine(dir, "missing"), "--ensemble", count, "--out", model);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain(message);
        File.Exists(model).Should().BeFalse();
    }
}
