using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.Testing;
using Xunit.Abstractions;

namespace Fer.Cli.Tests;

/// <summary><c>fer train feature-extractor</c> and <c>fer train gcn-multitask</c> end to end on real data (tiny budgets).</summary>
public sealed class TrainersCommandTests(ITestOutputHelper log) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-trainers-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SkippableFact]
    public void Train_GcnMultitaskOnFerPlus_PrintsTheAdjacencyAndValenceArousalMetrics()
    {
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string model = Path.Combine(dir, "gcn.zip");
        var run = CliRun.Of("--verbose", "train", "gcn-multitask", "--data", "ferplus:" + valid, "--limit", "120", "--valid", "ferplus:" + valid, "--valid-limit", "60",
            "--epochs", "1", "--batch-size", "40", "--width", "4", "--out", model, "--threads", "2");
        log.WriteLine(run.ToString());
        run.ExitCode.Should().Be(0);
        File.Exists(model).Should().BeTrue();
        run.Error.Should().Contain("Adjacency D^-1/2 A D^-1/2", "--verbose prints the label graph").And.Contain("|Spearman| correlations");
        run.Output.Should().Contain("accuracy: ");
        run.Lines.Should().Contain(l => l.StartsWith("valence: CCC ", StringComparison.Ordinal)).And.Contain(l => l.StartsWith("arousal: CCC ", StringComparison.Ordinal));

        var loaded = new FerContext().Model.Load(model, out DataViewSchema input);
        input.GetColumnOrNull("Valence").Should().BeNull("derived valence/arousal prepare training data; the model reads images only");
        loaded.GetOutputSchema(input).GetColumnOrNull("PredictedValence").Should().NotBeNull();
    }

    [SkippableFact]
    public void Train_FeatureExtractorWithThermalAux_WritesAFeaturesModel()
    {
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string thermal = SharedData.Require("data/ivp-thermal");
        string model = Path.Combine(dir, "fe.zip");
        var run = CliRun.Of("train", "feature-extractor", "--data", "ferplus:" + valid, "--aux", "thermal:" + thermal, "--limit", "80",
            "--epochs", "1", "--batch-size", "40", "--width", "4", "--out", model, "--threads", "2");
        log.WriteLine(run.ToString());
        run.ExitCode.Should().Be(0);
        var loaded = new FerContext().Model.Load(model, out DataViewSchema input);
        loaded.GetOutputSchema(input)["Features"].Type.Should().BeOfType<VectorDataViewType>();
    }

    [Fact]
    public void Train_AuxWithAnotherTrainer_IsRefused()
    {
        var run = CliRun.Of("train", "supervised", "--data", "ferplus:x", "--aux", "thermal:y", "--out", Path.Combine(dir, "m.zip"));
        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("--aux is for feature-extractor");
    }
}
