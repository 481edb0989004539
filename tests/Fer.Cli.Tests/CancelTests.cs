using Fer.Cli;
using Fer.Testing;
using Xunit.Abstractions;

namespace Fer.Cli.Tests;

/// <summary>Ctrl-C (the cancellation token) stops training between steps after writing a checkpoint, and --resume finishes the run.</summary>
public sealed class CancelTests(ITestOutputHelper log) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-cancel-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Captures output and cancels when a line containing <paramref name="trigger"/> is written (as a user pressing Ctrl-C then).</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cts) : StringWriter
    {
        public override void Write(string? value)
        {
            base.Write(value);
            if (value?.Contains(trigger, StringComparison.Ordinal) == true) cts.Cancel();
        }
    }

    [SkippableFact]
    public void Train_CancelledMidEpoch_WritesCheckpointAndResumeFinishes()
    {
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string model = Path.Combine(dir, "model.zip");
        string[] args = ["train", "supervised", "--data", "ferplus:" + valid, "--limit", "100", "--epochs", "1", "--batch-size", "25", "--width", "4", "--out", model, "--threads", "2"];
        using var cts = new CancellationTokenSource();
        var output = new CancellingWriter("step 2/4", cts);
        var error = new StringWriter();

        int code = FerCli.Run(args, output, error, cts.Token);
        log.WriteLine($"exit {code}\n{output}\n{error}");

        code.Should().Be(FerCli.Cancelled);
        string checkpoints = Path.ChangeExtension(model, ".checkpoints");
        Directory.EnumerateDirectories(checkpoints).Select(Path.GetFileName).Should().Equal(["ckpt-00000002"], "the loop stops before step 3 and saves where it stopped");
        error.ToString().Should().Contain("interrupted").And.Contain($"--resume \"{checkpoints}\"");
        File.Exists(model).Should().BeFalse();

        var resumed = CliRun.Of([.. args, "--resume", checkpoints]);
        log.WriteLine(resumed.ToString());
        resumed.ExitCode.Should().Be(0);
        resumed.Output.Should().Contain("step 3/4").And.Contain("step 4/4").And.NotContain("step 1/4").And.Contain("resumed from");
        File.Exists(model).Should().BeTrue();
        Directory.Exists(checkpoints).Should().BeFalse("the default checkpoint folder goes once the run succeeds");
    }
}
