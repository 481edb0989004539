using Fer.Testing;

namespace Fer.Cli.Tests;

/// <summary>Bad input gives one clear error line and a non-zero exit code; a stack trace only with --verbose.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-errors-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static void ShouldFailWithOneLine(CliRun run, int exitCode, params string[] fragments)
    {
        run.ExitCode.Should().Be(exitCode, run.ToString());
        string[] lines = [.. run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        lines.Should().HaveCountGreaterThanOrEqualTo(1, run.ToString());
        lines[0].Should().StartWith("error: ");
        foreach (string f in fragments) lines[0].Should().Contain(f);
        run.Error.Should().NotContain("   at ", "no stack trace without --verbose");
    }

    [Fact]
    public void Evaluate_UnknownDatasetKind_NamesKindAndKnownKinds()
    {
        var run = CliRun.Of("evaluate", "--model", "pretrained", "--data", "imagenet:" + dir);

        ShouldFailWithOneLine(run, 1, "unknown dataset kind 'imagenet'", "ferplus", "folder");
    }

    [Fact]
    public void Evaluate_DatasetWithoutKind_SaysHowToWriteIt()
    {
        var run = CliRun.Of("evaluate", "--model", "pretrained", "--data", dir);

        ShouldFailWithOneLine(run, 1, "KIND:PATH");
    }

    [Fact]
    public void Train_MissingDataFolder_NamesThePath()
    {
        string missing = Path.Combine(dir, "nowhere");

        var run = CliRun.Of("train", "supervised", "--data", "ferplus:" + missing, "--out", Path.Combine(dir, "m.zip"));

        ShouldFailWithOneLine(run, 1, missing, "does not exist");
    }

    [Theory]
    [InlineData("--average-weights 1.5", "--average-weights must be 0 (off) or a decay between 0 and 1")]
    [InlineData("--keep-last", "--keep-last needs --valid")]
    public void Train_BadAveragingOptions_NameTheOption(string option, string message)
    {
        string[] args = ["train", "supervised", "--data", "folder:" + dir, "--out", Path.Combine(dir, "m.zip"), .. option.Split(' ')];
        ShouldFailWithOneLine(CliRun.Of(args), 1, message);
    }

    [Fact]
    public void Info_CorruptModel_NamesTheFileWithoutStackTrace()
    {
        string path = Path.Combine(dir, "corrupt.zip");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 400).Select(i => (byte)(i * 37))]);

        var run = CliRun.Of("info", path);

        ShouldFailWithOneLine(run, 1, "corrupt.zip");
    }

    [Fact]
    public void Info_CorruptModelWithVerbose_PrintsStackTrace()
    {
        string path = Path.Combine(dir, "corrupt.zip");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);

        var run = CliRun.Of("info", path, "--verbose");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("error: ").And.Contain("   at ");
    }

    [Fact]
    public void Evaluate_TruncatedModelZip_NamesTheFile()
    {
        string path = Path.Combine(dir, "truncated.zip");
        File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]);

        var run = CliRun.Of("evaluate", "--model", path, "--data", "ferplus:" + dir);

        ShouldFailWithOneLine(run, 1, "truncated.zip");
    }

    [Fact]
    public void Predict_MissingImage_NamesThePath()
    {
        string missing = Path.Combine(dir, "missing.jpg");

        var run = CliRun.Of("predict", "--model", "pretrained", missing);

        ShouldFailWithOneLine(run, 1, missing);
    }

    [Fact]
    public void Predict_NotAnImage_NamesTheFile()
    {
        string path = Path.Combine(dir, "fake.jpg");
        File.WriteAllText(path, "this is not a JPEG");

        var run = CliRun.Of("predict", "--model", "pretrained", path);

        ShouldFailWithOneLine(run, 1, "fake.jpg");
    }

    [Fact]
    public void Predict_OutputWithUnknownExtension_SaysCsvOrJson()
    {
        var run = CliRun.Of("predict", "--model", "pretrained", dir, "--output", Path.Combine(dir, "out.txt"));

        ShouldFailWithOneLine(run, 1, ".csv or .json");
    }

    [Fact]
    public void Train_UnknownTrainer_IsAUsageError()
    {
        var run = CliRun.Of("train", "magic", "--data", "ferplus:x", "--out", "m.zip");

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("error: ").And.Contain("magic").And.Contain("fer train --help");
    }

    [Fact]
    public void Evaluate_MissingRequiredOption_IsAUsageError()
    {
        var run = CliRun.Of("evaluate", "--model", "pretrained");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--data");
    }

    [Fact]
    public void Train_NegativeEpochs_NamesTheOption()
    {
        var run = CliRun.Of("train", "supervised", "--data", "ferplus:" + dir, "--out", Path.Combine(dir, "m.zip"), "--epochs", "0");

        ShouldFailWithOneLine(run, 1, "--epochs must be at least 1");
    }

    [Fact]
    public void Train_ResumeFromMissingCheckpoint_NamesIt()
    {
        string missing = Path.Combine(dir, "no-checkpoints");

        var run = CliRun.Of("train", "supervised", "--data", "ferplus:" + dir, "--out", Path.Combine(dir, "m.zip"), "--resume", missing);

        ShouldFailWithOneLine(run, 1, "--resume", missing);
    }

    [Fact]
    public void Root_NoArguments_PrintsHelp()
    {
        var run = CliRun.Of();

        run.ExitCode.Should().Be(0);
        run.Output.Should().Contain("demo").And.Contain("train").And.Contain("evaluate").And.Contain("info");
    }

    [SkippableFact]
    public void Evaluate_ModelZipOnDatasetWithoutCommonClasses_SaysSo()
    {
        // A thermal folder's classes overlap the pretrained model's; a made-up folder dataset's do not.
        string data = Directory.CreateDirectory(Path.Combine(dir, "shapes")).FullName;
        foreach (string cls in new[] { "circle", "square" })
        {
            string folder = Directory.CreateDirectory(Path.Combine(data, cls)).FullName;
            File.Copy(Path.Combine(SharedData.Require("data/ferplus/FER2013Valid"), "fer0028638.png"), Path.Combine(folder, "a.png"));
        }

        var run = CliRun.Of("evaluate", "--model", "pretrained", "--data", "folder:" + data);

        ShouldFailWithOneLine(run, 1, "circle", "no counterpart", "happy");
    }
}
