using Fer.MLNet.Tests.Onnx.Support;
using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Trainers.Backbones;
using Fer.Trainers.Heads;

namespace Fer.MLNet.Tests.Onnx.Export.Models;

/// <summary>Small versions of every backbone with a linear head, with trained-looking batch-norm statistics and PReLU slopes.</summary>
internal static class TestNetworks
{
    public sealed record Case(string Name, Func<Module> Create, int[] SampleShape)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Case> All { get; } =
    [
        new("resnet_small_stem_grey48", () => Net(new ResNet(1, 8, smallInputStem: true, new Generator(1)), 64), [1, 48, 48]),
        new("resnet_torchvision_stem_rgb64", () => Net(new ResNet(3, 8, smallInputStem: false, new Generator(2)), 64), [3, 64, 64]),
        new("vgg_grey48", () => Net(new VggNet(1, [8, 16, 16, 32], generator: new Generator(3)), 256), [1, 48, 48]),
        new("vgg_grey40_upsampling_pool", () => Net(new VggNet(1, [8, 8, 16, 16], hidden: 32, generator: new Generator(4)), 32), [1, 40, 40]),
        new("vgg_rgb64_uneven_pool", () => Net(new VggNet(3, [8, 8, 16, 16], hidden: 32, generator: new Generator(5)), 32), [3, 64, 64]),
        new("mobilefacenet_rgb64", () => Net(new MobileFaceNet(3, 32, 0.25f, new Generator(6)), 32), [3, 64, 64]),
    ];

    public static IEnumerable<object[]> Names() => All.Select(c => new object[] { c.Name });

    public static Case Get(string name) => All.Single(c => c.Name == name);

    /// <summary>Backbone plus a 7-class head with dropout, randomised and in evaluation mode.</summary>
    public static ExpressionNetwork Net(Module backbone, int features)
    {
        var net = new ExpressionNetwork(backbone, new LinearHead(features, 7, dropout: 0.2f, generator: new Generator(99)));
        Randomize(net, new Generator(7));
        net.Eval();
        return net;
    }

    /// <summary>Batch-norm affine parameters and running statistics away from their defaults; PReLU slopes in [0, 0.5].</summary>
    public static void Randomize(Module module, Generator g)
    {
        using var _ = GradMode.NoGrad();
        foreach (var (_, m) in module.NamedModules())
        {
            if (m is BatchNormBase bn)
            {
                bn.Weight?.CopyInPlace(Tensor.Uniform(g, 0.5f, 1.5f, bn.NumFeatures));
                bn.Bias?.CopyInPlace(Tensor.Uniform(g, -0.3f, 0.3f, bn.NumFeatures));
                bn.RunningMean?.CopyInPlace(Tensor.Uniform(g, -0.5f, 0.5f, bn.NumFeatures));
                bn.RunningVar?.CopyInPlace(Tensor.Uniform(g, 0.5f, 2f, bn.NumFeatures));
            }
            else if (m is PReLU p)
            {
                p.Weight.CopyInPlace(Tensor.Uniform(g, 0f, 0.5f, p.Weight.ElementCount));
            }
        }
    }

    public static Tensor Forward(Module m, Tensor x)
    {
        using (GradMode.NoGrad()) return m.Forward(x);
    }

    /// <summary>Runs models in ONNX Runtime (one node process): each job is a model's bytes and one float input.</summary>
    public static IReadOnlyList<OrtNode.Result> RunOrt(IReadOnlyList<(byte[] Model, string Input, Tensor X)> jobs)
    {
        OrtNode.RequireAvailable();
        string dir = Path.Combine(Path.GetTempPath(), "fer-export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var list = new List<OrtNode.Job>();
            for (int i = 0; i < jobs.Count; i++)
            {
                string file = Path.Combine(dir, $"m{i}.onnx");
                File.WriteAllBytes(file, jobs[i].Model);
                list.Add(new OrtNode.Job(file, [(jobs[i].Input, jobs[i].X.ToArray(), jobs[i].X.Shape.ToArray(), false)]));
            }
            return OrtNode.Run(list);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
