using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Random;

namespace Fer.Tensors.Tests.Modules;

public class ModuleTests
{
    /// <summary>A module with a parameter, a buffer and a child, registered in that order.</summary>
    private sealed class Block : Module
    {
        public Block(Generator g)
        {
            Weight = RegisterParameter("weight", Tensor.Randn(g, 2));
            RunningMean = RegisterBuffer("running_mean", Tensor.Randn(g, 2));
            Fc = RegisterModule("fc", new Linear(2, 2, generator: g));
        }

        public Tensor Weight { get; }

        public Tensor RunningMean { get; }

        public Linear Fc { get; }

        public override Tensor Forward(Tensor input) => Fc.Forward(input.Mul(Weight).Add(RunningMean));

        public void Register(string name) => RegisterBuffer(name, Tensor.Zeros(1));
    }

    // The same structure in PyTorch 1.13 gives exactly these names (checked at dev time):
    // Sequential(Linear(3,2), Sequential(Block(), Flatten()), ModuleList([Linear(2,2,bias=False), shared]), shared)
    private static (Sequential Net, Linear Shared) Build(ulong seed)
    {
        var g = new Generator(seed);
        var shared = new Linear(2, 2, generator: g);
        var net = new Sequential(
            new Linear(3, 2, generator: g),
            new Sequential(new Block(g), new Flatten()),
            new ModuleList(new Linear(2, 2, bias: false, generator: g), shared),
            shared);
        return (net, shared);
    }

    /// <summary>Forward through every layer (a ModuleList has no Forward of its own).</summary>
    private static Tensor Run(Sequential net, Tensor x)
    {
        x = net[1].Forward(net[0].Forward(x));
        foreach (Module m in (ModuleList)net[2]) x = m.Forward(x);
        return net[3].Forward(x);
    }

    [Fact]
    public void NamedParametersBuffersAndStateDict_NestedContainers_UsePyTorchOrderAndNames()
    {
        var (net, _) = Build(1);
        net.NamedParameters().Select(p => p.Name).Should().Equal(
            "0.weight", "0.bias", "1.0.weight", "1.0.fc.weight", "1.0.fc.bias", "2.0.weight", "2.1.weight", "2.1.bias");
        net.NamedBuffers().Select(b => b.Name).Should().Equal("1.0.running_mean");
        net.StateDict().Keys.Should().Equal(
            "0.weight", "0.bias", "1.0.weight", "1.0.running_mean", "1.0.fc.weight", "1.0.fc.bias", "2.0.weight", "2.1.weight", "2.1.bias", "3.weight", "3.bias");
        net.NamedModules().Select(m => m.Name).Should().Equal("", "0", "1", "1.0", "1.0.fc", "1.1", "2", "2.0", "2.1");
    }

    [Fact]
    public void Parameters_SharedModule_ListedOnceSoOptimizersAcceptThem()
    {
        var (net, shared) = Build(2);
        net.Parameters().Count(p => ReferenceEquals(p, shared.Weight)).Should().Be(1);
        net.ParameterCount().Should().Be(3 * 2 + 2 + 2 + 4 + 2 + 4 + 4 + 2);
        FluentActions.Invoking(() => new Sgd(net.Parameters(), 0.1)).Should().NotThrow();
    }

    [Fact]
    public void TrainEval_PropagatesToEveryModule()
    {
        var (net, _) = Build(3);
        net.Eval();
        net.NamedModules().Should().OnlyContain(m => !m.Module.IsTraining);
        net.Train();
        net.NamedModules().Should().OnlyContain(m => m.Module.IsTraining);
    }

    [Fact]
    public void Freeze_StopsGradientsAndUnfreezeRestores()
    {
        var (net, _) = Build(4);
        var block = (Module)((Sequential)net[1])[0];
        block.Freeze();
        block.Parameters().Should().OnlyContain(p => !p.RequiresGrad);
        net.ParameterCount(trainableOnly: true).Should().Be(net.ParameterCount() - block.ParameterCount());
        Tensor y = Run(net, Tensor.Ones(1, 3)).Sum();
        y.Backward();
        block.Parameters().Should().OnlyContain(p => p.Grad == null);
        ((Linear)net[0]).Weight.Grad.Should().NotBeNull();
        block.Freeze(false);
        block.Parameters().Should().OnlyContain(p => p.RequiresGrad);
    }

    [Fact]
    public void ZeroGrad_ClearsAllGradients()
    {
        var (net, _) = Build(5);
        Run(net, Tensor.Ones(2, 3)).Sum().Backward();
        net.Parameters().Should().OnlyContain(p => p.Grad != null);
        net.ZeroGrad();
        net.Parameters().Should().OnlyContain(p => p.Grad == null);
    }

    [Fact]
    public void LoadStateDict_RoundTrip_CopiesValuesInPlace()
    {
        var (a, _) = Build(6);
        var (b, _) = Build(7);
        Tensor firstWeight = ((Linear)b[0]).Weight;
        var opt = new Sgd(b.Parameters(), 0.1);
        var (missing, unexpected) = b.LoadStateDict(a.StateDict());
        missing.Should().BeEmpty();
        unexpected.Should().BeEmpty();
        foreach (var (name, value) in a.StateDict()) b.StateDict()[name].ToArray().Should().Equal(value.ToArray(), name);
        ((Linear)b[0]).Weight.Should().BeSameAs(firstWeight);
        opt.ParameterGroups[0].Parameters[0].Should().BeSameAs(firstWeight);
        var x = Tensor.Ones(2, 3);
        Run(b, x).ToArray().Should().Equal(Run(a, x).ToArray());
    }

    [Fact]
    public void LoadStateDict_MissingUnexpectedOrMismatched_ThrowNamingKeys()
    {
        var (net, _) = Build(8);
        var state = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
        state.Remove("1.0.running_mean");
        state["extra.weight"] = Tensor.Zeros(1);
        net.Invoking(n => n.LoadStateDict(state)).Should().Throw<ArgumentException>()
            .WithMessage("*missing [1.0.running_mean]*unexpected [extra.weight]*");

        var (missing, unexpected) = net.LoadStateDict(state, strict: false);
        missing.Should().Equal("1.0.running_mean");
        unexpected.Should().Equal("extra.weight");

        var wrong = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
        wrong["0.weight"] = Tensor.Zeros(3, 2);
        float[] before = ((Linear)net[0]).Bias!.ToArray();
        wrong["0.bias"] = Tensor.Full(9f, 2);
        net.Invoking(n => n.LoadStateDict(wrong, strict: false)).Should().Throw<ArgumentException>()
            .WithMessage("*0.weight: expected [2, 3], got [3, 2]*");
        ((Linear)net[0]).Bias!.ToArray().Should().Equal(before, "nothing is copied when a shape is wrong");
    }

    [Fact]
    public void Register_DuplicateOrInvalidName_Throws()
    {
        var block = new Block(new Generator(9));
        block.Invoking(b => b.Register("weight")).Should().Throw<ArgumentException>().WithMessage("*'weight' is already registered*");
        block.Invoking(b => b.Register("a.b")).Should().Throw<ArgumentException>().WithMessage("*Invalid member name 'a.b'*");
    }

    [Fact]
    public void FlattenAndIdentity_ShapesAndGradients()
    {
        var x = Tensor.Arange(0, 24).Reshape(2, 3, 2, 2);
        x.RequiresGrad = true;
        Tensor y = new Flatten().Forward(x);
        y.Shape.ToArray().Should().Equal(2, 12);
        y.ToArray().Should().Equal(x.ToArray());
        new Flatten(0, 1).Forward(x).Shape.ToArray().Should().Equal(6, 2, 2);
        new Flatten(-2).Forward(x).Shape.ToArray().Should().Equal(2, 3, 4);
        y.Mul(Tensor.Arange(0, 24).Reshape(2, 12)).Sum().Backward();
        x.Grad!.ToArray().Should().Equal(Enumerable.Range(0, 24).Select(i => (float)i));
        new Identity().Forward(x).Should().BeSameAs(x);
        new Flatten(2, 1).Invoking(f => f.Forward(x)).Should().Throw<ArgumentException>();
        new Flatten(5).Invoking(f => f.Forward(x)).Should().Throw<ArgumentOutOfRangeException>();
        new Flatten().StateDict().Should().BeEmpty();
    }
}
