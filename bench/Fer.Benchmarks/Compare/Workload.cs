using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Inference;
using Fer.Tensors.Memory;
using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Random;
using Fer.Trainers.Backbones;
using Fer.Trainers.Heads;
using Fer.Transforms.Faces;

namespace Fer.Benchmarks.Compare;

/// <summary>
/// The network workloads of the side-by-side comparison, built to mirror bench/scripts/torch_workloads.py
/// exactly: the same layers, batch sizes, loss (cross-entropy) and optimizer (SGD, lr 0.01, momentum 0.9).
/// </summary>
internal sealed class Workload
{
    private readonly Action step;

    private Workload(string name, Module? model, Action step, Func<float>? loss)
    {
        Name = name;
        Model = model;
        this.step = step;
        Loss = loss;
    }

    public string Name { get; }

    /// <summary>The network (null for the pretrained face-api model, which is not a module).</summary>
    public Module? Model { get; }

    /// <summary>The loss of the last step (training workloads), for determinism checks.</summary>
    public Func<float>? Loss { get; }

    public void Step() => step();

    public static bool IsNetwork(string name) => name is "resnet18_train" or "vgg_train" or "ferplus_vgg_train"
        || name.StartsWith("resnet18_infer", StringComparison.Ordinal) || name.StartsWith("faceexpr_infer", StringComparison.Ordinal);

    public static Workload Create(string name)
    {
        var generator = new Generator(0);
        switch (name)
        {
            case "resnet18_train":
                return Train(name, ResNet18(generator), generator, batch: 32, channels: 3, size: 112);
            case "vgg_train":
                return Train(name, Vgg(generator), generator, batch: 64, channels: 1, size: 48);
            case "ferplus_vgg_train": // issue 6's parity recipe network (32..256 channels, FC 2304-256-8), batch 64
                return Train(name, new(new VggNet(1, [32, 64, 128, 256], hidden: 256, dropout: 0.3f, generator: generator), new LinearHead(256, 8, dropout: 0.3f, generator: generator)),
                    generator, batch: 64, channels: 1, size: 48);
            case "ferplus_vgg_infer64": // the parity network's inference (plan), batch 64, to compare its convolutions with the training step's
            {
                var net = new ExpressionNetwork(new VggNet(1, [32, 64, 128, 256], hidden: 256, dropout: 0.3f, generator: generator), new LinearHead(256, 8, dropout: 0.3f, generator: generator));
                net.Eval();
                InferencePlan plan = net.CompileForInference(1, 48, 48);
                Tensor x = Tensor.Uniform(generator, 0f, 1f, 64, 1, 48, 48);
                return new Workload(name, net, () => plan.Run(x), null);
            }
            case "faceexpr_infer1":
                return FaceExpression(name, generator, 1);
            case "faceexpr_infer32":
                return FaceExpression(name, generator, 32);
            default:
                if (!name.StartsWith("resnet18_infer", StringComparison.Ordinal) || !int.TryParse(name.AsSpan("resnet18_infer".Length), out int batch) || batch < 1)
                    throw new ArgumentException($"unknown workload '{name}'", nameof(name));
                return Infer(name, ResNet18(generator), generator, batch);
        }
    }

    /// <summary>torchvision's resnet18(num_classes=7).</summary>
    public static ExpressionNetwork ResNet18(Generator generator)
        => new(new ResNet(3, 64, smallInputStem: false, generator: generator), new LinearHead(512, 7, generator: generator));

    /// <summary>torch_workloads.py's vgg_fer(): 4 blocks of 2 conv-BN-ReLU (64..512), max-pool, adaptive pool 3x3, dropout, FC 4608-1024, ReLU, dropout, FC 1024-7.</summary>
    public static ExpressionNetwork Vgg(Generator generator)
        => new(new VggNet(1, [64, 128, 256, 512], hidden: 1024, dropout: 0.3f, generator: generator), new LinearHead(1024, 7, dropout: 0.3f, generator: generator));

    private static Workload Train(string name, ExpressionNetwork model, Generator generator, int batch, int channels, int size)
    {
        Tensor x = Tensor.Uniform(generator, 0f, 1f, batch, channels, size, size);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = generator.NextInt(7);
        var optimizer = new Sgd(model.Parameters(), 0.01, momentum: 0.9);
        model.Train();
        float last = float.NaN;
        return new Workload(name, model, () =>
        {
            // As PyTorch 1.13's zero_grad(): gradients are zero-filled and kept, not dropped.
            optimizer.ZeroGrad(setToNone: false);
            using TensorScope scope = TensorScope.Begin();
            Tensor loss = Losses.CrossEntropy(model.Forward(x), y);
            loss.Backward();
            optimizer.Step();
            last = loss.Item();
        }, () => last);
    }

    /// <summary>
    /// The pretrained face-api FaceExpressionNet (bundled weights) on raw pixels [N, 3, 112, 112]; its peer is
    /// ONNX Runtime on the same network exported by `fer export --model pretrained`, fed the normalised pixels.
    /// </summary>
    private static Workload FaceExpression(string name, Generator generator, int batch)
    {
        FaceExpressionNet net = FaceExpressionNet.Load();
        Tensor x = Tensor.Uniform(generator, 0f, 255f, batch, 3, 112, 112);
        return new Workload(name, null, () =>
        {
            using (TensorScope.Begin()) net.Forward(x);
        }, null);
    }

    private static Workload Infer(string name, ExpressionNetwork model, Generator generator, int batch)
    {
        Tensor x = Tensor.Uniform(generator, 0f, 1f, batch, 3, 112, 112);
        model.Eval();
        if (Eager)
        {
            return new Workload(name, model, () =>
            {
                using (GradMode.NoGrad())
                using (TensorScope.Begin())
                {
                    model.Forward(x);
                }
            }, null);
        }

        // What the library's scorers run: the network compiled once into an inference plan.
        InferencePlan plan = model.CompileForInference(3, 112, 112);
        return new Workload(name, model, () => plan.Run(x), null);
    }

    /// <summary>Time the eager module forward instead of the compiled plan (`--eager`), to compare the two.</summary>
    public static bool Eager { get; set; }
}
