using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;
using Fer.Tensors.Random;
using Fer.Tensors.Serialization;

namespace Fer.Tensors.Tests.Serialization;

public class ModuleSerializerTests
{
    /// <summary>Linear plus BatchNorm-style buffers, with PyTorch's buffer names.</summary>
    private sealed class Net : Module
    {
        public Net(Generator g)
        {
            Fc = RegisterModule("fc", new Linear(4, 3, generator: g));
            RegisterBuffer("running_mean", Tensor.Randn(g, 3));
            Tracked = RegisterBuffer("num_batches_tracked", Tensor.Scalar(g.NextInt(1000)));
        }

        public Linear Fc { get; }

        public Tensor Tracked { get; }

        public override Tensor Forward(Tensor input) => Fc.Forward(input);
    }

    [Fact]
    public void SaveLoad_RestoresParametersAndBuffersBitExactly_AndStoresCountsAsI64()
    {
        using var dir = new TempFolder();
        string path = dir.File("net.safetensors");
        var a = new Net(new Generator(1));
        ModuleSerializer.Save(a, path, new Dictionary<string, string> { ["epoch"] = "2" });

        SafeTensorsContent raw = SafeTensorsFile.Read(path);
        raw.DTypes["num_batches_tracked"].Should().Be(SafeTensorsDType.I64);
        raw.DTypes["fc.weight"].Should().Be(SafeTensorsDType.F32);
        raw.Metadata["epoch"].Should().Be("2");

        var b = new Net(new Generator(2));
        var (missing, unexpected) = ModuleSerializer.Load(b, path);
        missing.Should().BeEmpty();
        unexpected.Should().BeEmpty();
        foreach (var (name, t) in a.StateDict())
            b.StateDict()[name].ToArray().Should().Equal(t.ToArray(), name);
    }

    [Fact]
    public void SaveLoad_Stream_RoundTrips()
    {
        var a = new Net(new Generator(3));
        using var ms = new MemoryStream();
        ModuleSerializer.Save(a, ms);
        ms.Position = 0;
        var b = new Net(new Generator(4));
        ModuleSerializer.Load(b, ms, sourceName: "model.zip:weights.safetensors");
        b.Fc.Weight.ToArray().Should().Equal(a.Fc.Weight.ToArray());
    }

    [Fact]
    public void Load_IntoDifferentModule_NamesFileAndKeys()
    {
        using var dir = new TempFolder();
        string path = dir.File("lin.safetensors");
        ModuleSerializer.Save(new Linear(4, 3), path);
        var net = new Net(new Generator(5));
        FluentActions.Invoking(() => ModuleSerializer.Load(net, path)).Should().Throw<ArgumentException>()
            .WithMessage($"{path}: *missing [running_mean, num_batches_tracked, fc.weight, fc.bias], unexpected [bias, weight].");
        var (missing, unexpected) = ModuleSerializer.Load(new Linear(4, 3), path, strict: false);
        missing.Should().BeEmpty();
        unexpected.Should().BeEmpty();
        FluentActions.Invoking(() => ModuleSerializer.Load(new Linear(5, 3), path)).Should().Throw<ArgumentException>().WithMessage("*weight: expected [3, 5], got [3, 4]*");
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adamw")]
    public void OptimizerSerializer_SaveLoadWithScheduler_ResumesBitIdentically(string kind)
    {
        using var dir = new TempFolder();
        string path = dir.File("optim.safetensors");
        var g = new Generator(6);
        var grads = Enumerable.Range(0, 8).Select(_ => (Tensor.Randn(g, 3, 4), Tensor.Randn(g, 3))).ToArray();

        (Net Net, Optimizer Opt, LearningRateScheduler Sched) Make()
        {
            var net = new Net(new Generator(7));
            var groups = new[] { new ParameterGroup([net.Fc.Weight], weightDecay: 0.01), new ParameterGroup([net.Fc.Bias!], learningRate: 0.5) };
            Optimizer opt = kind == "sgd" ? new Sgd(groups, 0.1, momentum: 0.9, nesterov: true) : new AdamW(groups, 0.01, amsgrad: true);
            return (net, opt, new OneCycleLR(opt, [0.2, 0.4], totalSteps: 10));
        }

        void Train((Net Net, Optimizer Opt, LearningRateScheduler Sched) run, int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                (run.Net.Fc.Weight.Grad, run.Net.Fc.Bias!.Grad) = grads[i];
                run.Opt.Step();
                run.Sched.Step();
            }
        }

        var full = Make();
        Train(full, 0, 8);

        var first = Make();
        Train(first, 0, 4);
        OptimizerSerializer.Save(first.Opt, path, first.Sched);
        ModuleSerializer.Save(first.Net, dir.File("net.safetensors"));

        var resumed = Make();
        ModuleSerializer.Load(resumed.Net, dir.File("net.safetensors"));
        OptimizerSerializer.Load(resumed.Opt, path, resumed.Sched);
        resumed.Sched.LastEpoch.Should().Be(4);
        Train(resumed, 4, 8);

        resumed.Net.Fc.Weight.ToArray().Should().Equal(full.Net.Fc.Weight.ToArray());
        resumed.Net.Fc.Bias!.ToArray().Should().Equal(full.Net.Fc.Bias!.ToArray());
        resumed.Opt.ParameterGroups.Select(p => p.LearningRate).Should().Equal(full.Opt.ParameterGroups.Select(p => p.LearningRate));
    }

    [Fact]
    public void OptimizerSerializer_Mismatches_Throw()
    {
        using var dir = new TempFolder();
        string path = dir.File("optim.safetensors");
        Tensor p = Tensor.Zeros(2);
        p.RequiresGrad = true;
        p.Grad = Tensor.Ones(2);
        var adam = new Adam([p]);
        adam.Step();
        OptimizerSerializer.Save(adam, path);

        FluentActions.Invoking(() => OptimizerSerializer.Load(new Sgd([p], 0.1), path)).Should().Throw<ArgumentException>().WithMessage($"{path}: *'Adam'*'SGD'*");
        var sched = new StepLR(adam, 1);
        FluentActions.Invoking(() => OptimizerSerializer.Load(adam, path, sched)).Should().Throw<ArgumentException>().WithMessage("*no scheduler state*");

        string model = dir.File("model.safetensors");
        ModuleSerializer.Save(new Linear(2, 2), model);
        FluentActions.Invoking(() => OptimizerSerializer.Load(adam, model)).Should().Throw<SafeTensorsFormatException>().WithMessage("*'format' is missing*not an optimizer checkpoint*");
    }
}
