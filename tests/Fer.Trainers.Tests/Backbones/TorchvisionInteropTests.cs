using System.Diagnostics;
using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Random;
using Fer.Tensors.Serialization;
using Fer.Testing;
using Fer.Trainers.Backbones;
using Fer.Trainers.Heads;
using Xunit.Abstractions;

namespace Fer.Trainers.Tests.Backbones;

/// <summary>
/// Our ResNet-18 weights load into torchvision.models.resnet18 and back, giving the same logits
/// (tools/interop/torchvision_resnet18.py; skipped without Debian's python3-torch and python3-torchvision).
/// </summary>
public sealed class TorchvisionInteropTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-tv-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static ExpressionNetwork Network(ulong seed)
    {
        var g = new Generator(seed);
        var backbone = new ResNet(3, 64, smallInputStem: false, g);
        return new ExpressionNetwork(backbone, new LinearHead(backbone.FeatureSize, 7, generator: g));
    }

    [SkippableFact]
    public void OurWeights_LoadIntoTorchvision_SameLogits()
    {
        var net = Network(1);
        // Train-mode passes give the batch norms non-trivial running statistics.
        using (GradMode.NoGrad()) for (int i = 0; i < 3; i++) net.Forward(Tensor.Randn(new Generator((ulong)i), 4, 3, 64, 64));
        net.Eval();
        Tensor x = Tensor.Randn(new Generator(9), 2, 3, 64, 64);
        Tensor ours;
        using (GradMode.NoGrad()) ours = net.Forward(x);
        string weights = Path.Combine(dir, "ours.safetensors"), input = Path.Combine(dir, "input.safetensors"), result = Path.Combine(dir, "torch.safetensors");
        var state = net.TorchvisionStateDict();
        SafeTensorsFile.Write(weights, state, dtypes: state.Keys.Where(k => k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToDictionary(k => k, _ => SafeTensorsDType.I64));
        SafeTensorsFile.Write(input, new Dictionary<string, Tensor> { ["input"] = x });
        RunPython("score", weights, input, result);
        Tensor theirs = SafeTensorsFile.Read(result).Tensors["logits"];
        double err = Close.MaxRelativeError(theirs.ToArray(), ours.ToArray(), 1e-3);
        output.WriteLine($"ours -> torchvision: max relative error {err:E2} on logits {string.Join(", ", ours.ToArray().Take(4).Select(v => v.ToString("F4")))}");
        Close.Check(theirs.ToArray(), ours.ToArray(), 1e-4, 1e-4, "logits");
    }

    [SkippableFact]
    public void TorchvisionWeights_LoadIntoOurs_SameLogits()
    {
        string weights = Path.Combine(dir, "tv.safetensors"), input = Path.Combine(dir, "input.safetensors"), result = Path.Combine(dir, "torch.safetensors");
        RunPython("export", "7", "5", weights);
        var net = Network(2);
        net.LoadTorchvisionStateDict(SafeTensorsFile.Read(weights).Tensors);
        net.Eval();
        Tensor x = Tensor.Randn(new Generator(10), 2, 3, 64, 64);
        Tensor ours;
        using (GradMode.NoGrad()) ours = net.Forward(x);
        SafeTensorsFile.Write(input, new Dictionary<string, Tensor> { ["input"] = x });
        RunPython("score", weights, input, result);
        Close.Check(SafeTensorsFile.Read(result).Tensors["logits"].ToArray(), ours.ToArray(), 1e-4, 1e-4, "logits");
    }

    private static void RunPython(params string[] args)
    {
        const string python = "/usr/bin/python3";
        Skip.IfNot(File.Exists(python), "Debian's /usr/bin/python3 is not installed.");
        string script = Path.Combine(SharedData.RepositoryRoot, "tools", "interop", "torchvision_resnet18.py");
        var psi = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Skip.If(err.Contains("No module named", StringComparison.Ordinal), "python3-torch / python3-torchvision are not installed: " + err.Trim());
        if (p.ExitCode != 0) throw new InvalidOperationException($"{script} {string.Join(' ', args)} failed: {err}");
    }
}
