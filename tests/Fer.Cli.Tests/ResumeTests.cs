using System.Diagnostics;
using System.Security.Cryptography;
using Fer.Testing;
using Xunit.Abstractions;

namespace Fer.Cli.Tests;

/// <summary>
/// Issue 5's acceptance test: a `fer train` process killed after its first checkpoint, then resumed with
/// --resume, ends with the same final metrics (and the same model file, byte for byte) as a run that was
/// never interrupted.
/// </summary>
public sealed class ResumeTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly string dir = Directory.CreateTempSubdirectory("fer-resume-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [SkippableFact]
    public void Train_KilledAfterFirstCheckpointThenResumed_EndsLikeUninterruptedRun()
    {
        string train = SharedData.Require("data/ferplus/FER2013Train");
        string valid = SharedData.Require("data/ferplus/FER2013Valid");
        string[] Args(string name) =>
        [
            "train", "supervised", "--data", "ferplus:" + train, "--limit", "300", "--valid", "ferplus:" + valid, "--valid-limit", "100",
            "--epochs", "2", "--batch-size", "50", "--width", "8", "--lr", "0.02", "--seed", "7", "--threads", "2",
            "--checkpoint-every", "2", "--checkpoint-dir", Path.Combine(dir, name + ".ck"), "--out", Path.Combine(dir, name + ".zip"),
        ];

        var (whole, wholeCode) = Run(Args("whole"));
        wholeCode.Should().Be(0, whole);

        string checkpoints = Path.Combine(dir, "killed.ck");
        using (Process p = Start(Args("killed")))
        {
            Task<string> output = p.StandardOutput.ReadToEndAsync(), error = p.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!Directory.Exists(checkpoints) || !Directory.EnumerateDirectories(checkpoints, "ckpt-*").Any(d => !d.Contains(".tmp-", StringComparison.Ordinal)))
            {
                if (p.HasExited) throw new Xunit.Sdk.XunitException($"The run ended (exit {p.ExitCode}) before its first checkpoint appeared:\n{output.Result}\n{error.Result}");
                if (clock.Elapsed > Limit) throw new Xunit.Sdk.XunitException("No checkpoint appeared in time.");
                Thread.Sleep(20);
            }
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            log.WriteLine($"killed after {clock.Elapsed.TotalSeconds:F1} s; checkpoints: {string.Join(", ", Directory.EnumerateDirectories(checkpoints).Select(Path.GetFileName))}\n{output.Result}");
        }
        File.Exists(Path.Combine(dir, "killed.zip")).Should().BeFalse("the killed run never got to save its model");
        Directory.EnumerateDirectories(checkpoints, "ckpt-*").Select(Path.GetFileName).Should().NotContain("ckpt-00000012", "the kill came before the last step");

        var (resumed, resumedCode) = Run([.. Args("killed"), "--resume", checkpoints]);
        resumedCode.Should().Be(0, resumed);
        resumed.Should().Contain("resumed from");

        string[] names = ["accuracy", "macro F1", "weighted F1", "log-loss", "top-2 accuracy"];
        foreach (string name in names)
        {
            string a = Value(whole, name), b = Value(resumed, name);
            log.WriteLine($"{name}: uninterrupted {a}, resumed {b}");
            b.Should().Be(a, name);
        }
        HistoryRows(resumed).Should().Equal(HistoryRows(whole), "the epochs' losses and validation metrics match");
        Hash(Path.Combine(dir, "killed.zip")).Should().Be(Hash(Path.Combine(dir, "whole.zip")), "the resumed run writes the same model, byte for byte");
    }

    /// <summary>The built fer.dll beside this test project's configuration (Debug or Release).</summary>
    private static string FerDll()
    {
        string configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        string dll = Path.Combine(SharedData.RepositoryRoot, "src", "Fer.Cli", "bin", configuration, "net10.0", "fer.dll");
        File.Exists(dll).Should().BeTrue($"the test project builds {dll}");
        return dll;
    }

    private static Process Start(string[] args)
    {
        // The dotnet host running these tests, so the child runs on the same runtime.
        string host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(FerDll());
        foreach (string a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private (string Output, int ExitCode) Run(string[] args)
    {
        using Process p = Start(args);
        Task<string> output = p.StandardOutput.ReadToEndAsync(), error = p.StandardError.ReadToEndAsync();
        p.WaitForExit((int)Limit.TotalMilliseconds).Should().BeTrue("training finishes in time");
        string text = output.Result + error.Result;
        log.WriteLine($"$ fer {string.Join(' ', args)}\n{text}");
        return (text, p.ExitCode);
    }

    private static string Value(string output, string name)
        => output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..];

    /// <summary>The history table's rows without the wall-time column.</summary>
    private static string[] HistoryRows(string output)
        => [.. output.Split('\n').Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(c => c.Length == 6 && int.TryParse(c[0], out _) && c[1].Contains('.', StringComparison.Ordinal))
            .Select(c => string.Join(' ', c[..^1]))];

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
