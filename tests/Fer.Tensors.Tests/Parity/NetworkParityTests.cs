using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Xunit.Abstractions;
using NnLosses = Fer.Tensors.Nn.Losses;

namespace Fer.Tensors.Tests.Parity;

/// <summary>A small CNN's forward/backward and five optimizer steps against PyTorch 1.13 (tools/make_torch_reference.py).</summary>
public class NetworkParityTests(ITestOutputHelper output)
{
    /// <summary>conv-bn-relu-maxpool twice, flatten, linear: PyTorch's SmallCnn with its parameter names.</summary>
    private sealed class SmallCnn : Module
    {
        private readonly Conv2d conv1, conv2;
        private readonly BatchNorm2d bn1, bn2;
        private readonly Linear fc;

        public SmallCnn()
        {
            conv1 = RegisterModule("conv1", new Conv2d(1, 4, 3, padding: 1));
            bn1 = RegisterModule("bn1", new BatchNorm2d(4));
            conv2 = RegisterModule("conv2", new Conv2d(4, 8, 3, padding: 1));
            bn2 = RegisterModule("bn2", new BatchNorm2d(8));
            fc = RegisterModule("fc", new Linear(72, 5));
        }

        public override Tensor Forward(Tensor input)
        {
            Tensor x = Functional.MaxPool2d(Functional.Relu(bn1.Forward(conv1.Forward(input))), 2);
            x = Functional.MaxPool2d(Functional.Relu(bn2.Forward(conv2.Forward(x))), 2);
            return fc.Forward(x.Flatten(1));
        }
    }

    [Fact]
    public void SmallCnn_ForwardBackwardAndRunningStats_MatchPyTorch()
    {
        var net = new SmallCnn();
        net.LoadStateDict(net.StateDict().Keys.ToDictionary(k => k, k => TorchReference.Get("cnn/init/" + k)));
        Tensor logits = net.Forward(TorchReference.Get("cnn/x"));
        double worst = TorchReference.Check(TorchReference.Get("cnn/logits"), logits, "logits");
        Tensor loss = NnLosses.CrossEntropy(logits, TorchReference.Indices("cnn/targets"));
        worst = Math.Max(worst, TorchReference.Check(TorchReference.Get("cnn/loss"), loss.Reshape(1), "loss"));
        loss.Backward();
        foreach (var (name, p) in net.NamedParameters())
        {
            if (name is "conv1.bias" or "conv2.bias")
            {
                // A bias followed by train-mode batch norm has zero gradient: both engines give rounding noise (~1e-7).
                p.Grad!.ToArray().Should().OnlyContain(v => Math.Abs(v) < 1e-5f, name);
                TorchReference.Get("cnn/grad/" + name).ToArray().Should().OnlyContain(v => Math.Abs(v) < 1e-5f, name);
                continue;
            }
            worst = Math.Max(worst, TorchReference.Check(TorchReference.Get("cnn/grad/" + name), p.Grad!, "grad " + name));
        }
        foreach (var (name, b) in net.NamedBuffers().Where(b => b.Name.Contains("running", StringComparison.Ordinal)))
            worst = Math.Max(worst, TorchReference.Check(TorchReference.Get("cnn/after/" + name), b, name));
        output.WriteLine($"small CNN: max relative error {worst:E2} over logits, loss, {net.Parameters().Count()} gradients and running statistics");
        worst.Should().BeLessThanOrEqualTo(1e-4);
    }

    public static TheoryData<string> Optimizers => new() { "sgd_momentum", "sgd_nesterov", "adamw", "adam" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void FiveSteps_MatchPyTorch(string name)
    {
        Tensor w = TorchReference.Get($"{name}/w0"), b = TorchReference.Get($"{name}/b0"), data = TorchReference.Get($"{name}/data");
        w.RequiresGrad = b.RequiresGrad = true;
        Optimizer opt = name switch
        {
            "sgd_momentum" => new Sgd([w, b], 0.1, momentum: 0.9, weightDecay: 1e-3),
            "sgd_nesterov" => new Sgd([w, b], 0.1, momentum: 0.9, weightDecay: 5e-4, nesterov: true),
            "adamw" => new AdamW([w, b], 0.01, 0.9, 0.999, 1e-8, weightDecay: 0.01),
            "adam" => new Adam([w, b], 0.01, weightDecay: 1e-3),
            _ => throw new ArgumentException(name),
        };
        double worst = 0;
        for (int step = 1; step <= 5; step++)
        {
            opt.ZeroGrad();
            Tensor loss = Functional.Tanh(data.MatMul(w).Add(b)).Square().Sum().Add(w.Square().Sum().Mul(0.1f));
            loss.Backward();
            opt.Step();
            worst = Math.Max(worst, TorchReference.Check(TorchReference.Get($"{name}/w{step}"), w, $"{name} w after step {step}"));
            worst = Math.Max(worst, TorchReference.Check(TorchReference.Get($"{name}/b{step}"), b, $"{name} b after step {step}"));
        }
        output.WriteLine($"{name}: max relative error {worst:E2} over 5 steps");
        worst.Should().BeLessThanOrEqualTo(1e-4);
    }
}
