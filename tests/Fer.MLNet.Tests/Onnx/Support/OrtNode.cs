using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fer.Testing;

namespace Fer.MLNet.Tests.Onnx.Support;

/// <summary>
/// ONNX Runtime through Node.js (onnxruntime-node 1.30.0, CPU), installed once with
/// <c>npm install --ignore-scripts</c> into a cache folder outside the repository
/// (FER_ORT_CACHE, else ~/.cache/fermlnet/onnxruntime-node). Tests call <see cref="RequireAvailable"/>,
/// which skips them with the reason when node, npm or the network is missing.
/// </summary>
public static class OrtNode
{
    public const string Version = "1.30.0";

    private static readonly Lazy<(string? Node, string? Reason)> State = new(Setup);

    public static string CacheFolder { get; } = Environment.GetEnvironmentVariable("FER_ORT_CACHE") is { Length: > 0 } env
        ? env
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? home : Path.GetTempPath(), ".cache", "fermlnet", "onnxruntime-node");

    /// <summary>Skips the calling test when ONNX Runtime cannot be run here.</summary>
    public static void RequireAvailable()
    {
        var (node, reason) = State.Value;
        Skip.If(node is null, $"ONNX Runtime cross-check skipped: {reason}");
    }

    /// <summary>One model run: inputs by name (float32 data and shape; int64 inputs flagged) and where outputs go.</summary>
    public sealed record Job(string Model, IReadOnlyList<(string Name, float[] Data, int[] Shape, bool Int64)> Inputs);

    /// <summary>Outputs of one job in the session's order, or the error ONNX Runtime reported.</summary>
    public sealed record Result(IReadOnlyList<string> Names, IReadOnlyList<int[]> Shapes, IReadOnlyList<float[]> Values, string? Error)
    {
        public float[] this[string name] => Values[Names.ToList().IndexOf(name)];
    }

    /// <summary>Runs every job in one node process.</summary>
    public static IReadOnlyList<Result> Run(IReadOnlyList<Job> jobs)
    {
        RequireAvailable();
        string dir = Path.Combine(Path.GetTempPath(), "fer-ort-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var spec = new List<object>();
            for (int j = 0; j < jobs.Count; j++)
            {
                var inputs = new List<object>();
                for (int i = 0; i < jobs[j].Inputs.Count; i++)
                {
                    var (name, data, shape, int64) = jobs[j].Inputs[i];
                    string file = Path.Combine(dir, $"job{j}_in{i}.f32");
                    WriteFloats(file, data);
                    inputs.Add(new { name, file, shape, type = int64 ? "int64" : "float32" });
                }
                spec.Add(new { model = Path.GetFullPath(jobs[j].Model), outDir = Path.Combine(dir, $"job{j}"), inputs });
            }
            string jobFile = Path.Combine(dir, "job.json");
            File.WriteAllText(jobFile, JsonSerializer.Serialize(new { jobs = spec }));
            string script = Path.Combine(SharedData.RepositoryRoot, "tools", "onnx", "run_ort.js");
            var (code, output) = Exec(State.Value.Node!, [script, jobFile], TimeSpan.FromSeconds(120));
            if (code != 0) throw new InvalidOperationException($"run_ort.js failed ({code}): {output}");
            var results = new List<Result>();
            for (int j = 0; j < jobs.Count; j++)
            {
                string outDir = Path.Combine(dir, $"job{j}");
                string errorFile = Path.Combine(outDir, "error.txt");
                if (File.Exists(errorFile))
                {
                    results.Add(new Result([], [], [], File.ReadAllText(errorFile)));
                    continue;
                }
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "outputs.json")));
                var names = doc.RootElement.GetProperty("names").EnumerateArray().Select(e => e.GetString()!).ToList();
                var shapes = doc.RootElement.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(d => d.GetInt32()).ToArray()).ToList();
                var values = names.Select((_, k) => ReadFloats(Path.Combine(outDir, $"{k}.f32"))).ToList();
                results.Add(new Result(names, shapes, values, null));
            }
            return results;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var f = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, f, 0, f.Length * 4);
        return f;
    }

    public static void WriteFloats(string path, float[] data)
    {
        var bytes = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(path, bytes);
    }

    private static (string? Node, string? Reason) Setup()
    {
        string? node = FindOnPath("node");
        if (node is null) return (null, "'node' is not on PATH.");
        string package = Path.Combine(CacheFolder, "node_modules", "onnxruntime-node", "package.json");
        if (!File.Exists(package) || !File.ReadAllText(package).Contains($"\"version\": \"{Version}\"", StringComparison.Ordinal))
        {
            string? npm = FindOnPath("npm");
            if (npm is null) return (null, "'npm' is not on PATH, and onnxruntime-node is not installed in " + CacheFolder + ".");
            Directory.CreateDirectory(CacheFolder);
            // --ignore-scripts: the package's install script would download GPU libraries; the CPU binding ships in the tarball.
            var (code, output) = Exec(npm, ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", CacheFolder, $"onnxruntime-node@{Version}"], TimeSpan.FromSeconds(240));
            if (code != 0) return (null, $"npm install onnxruntime-node@{Version} failed (no network?): {Tail(output)}");
        }
        var (check, message) = Exec(node, ["-e", "require('onnxruntime-node'); console.log('ok')"], TimeSpan.FromSeconds(60));
        if (check != 0) return (null, $"onnxruntime-node does not load: {Tail(message)}");
        return (node, null);
    }

    private static (int Code, string Output) Exec(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["NODE_PATH"] = Path.Combine(CacheFolder, "node_modules");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string Tail(string s) => s.Length > 600 ? s[^600..] : s;
}
