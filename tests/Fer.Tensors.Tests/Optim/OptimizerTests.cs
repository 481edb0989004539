using Fer.Tensors.Optim;
using Fer.Tensors.Random;

namespace Fer.Tensors.Tests.Optim;

public class OptimizerTests
{
    private static Tensor Param(Generator g, params int[] shape)
    {
        var p = Tensor.Randn(g, shape);
        p.RequiresGrad = true;
        return p;
    }

    private static void SetGrads(Generator g, params Tensor[] ps)
    {
        foreach (Tensor p in ps) p.Grad = Tensor.Randn(g, p.Shape.ToArray());
    }

    public static TheoryData<string> Kinds => new() { "sgd", "adam", "adamw" };

    private static Optimizer Make(string kind, IEnumerable<Tensor> ps) => kind switch
    {
        "sgd" => new Sgd(ps, 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true),
        "adam" => new Adam(ps, 0.01, weightDecay: 0.01, amsgrad: true),
        _ => new AdamW(ps, 0.01, amsgrad: true),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_ParameterWithoutGradient_IsUnchangedAndHasNoState(string kind)
    {
        var g = new Generator(1);
        Tensor a = Param(g, 3, 2), b = Param(g, 4);
        float[] before = b.ToArray();
        Optimizer opt = Make(kind, [a, b]);
        a.Grad = Tensor.Ones(3, 2);
        opt.Step();
        b.ToArray().Should().Equal(before);
        opt.StateDict().State.Keys.Should().Equal(0);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_AfterFirst_AllocatesNothing(string kind)
    {
        var g = new Generator(2);
        Tensor a = Param(g, 64, 33), b = Param(g, 33);
        SetGrads(g, a, b);
        Optimizer opt = Make(kind, [a, b]);
        opt.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) opt.Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
    }

    [Fact]
    public void ZeroGrad_SetToNoneOrZeros()
    {
        var g = new Generator(3);
        Tensor a = Param(g, 2, 2);
        var opt = new Sgd([a], 0.1);
        a.Grad = Tensor.Ones(2, 2);
        Tensor grad = a.Grad;
        opt.ZeroGrad(setToNone: false);
        a.Grad.Should().BeSameAs(grad);
        a.Grad!.ToArray().Should().OnlyContain(v => v == 0f);
        opt.ZeroGrad();
        a.Grad.Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void StateDict_LoadedIntoFreshOptimizer_ResumesBitIdentically(string kind)
    {
        var g = new Generator(4);
        Tensor a = Param(g, 5, 3), b = Param(g, 3);
        var grads = Enumerable.Range(0, 6).Select(_ => (Tensor.Randn(g, 5, 3), Tensor.Randn(g, 3))).ToArray();
        Tensor c = Copy(a), d = Copy(b);

        Optimizer full = Make(kind, [a, b]);
        for (int i = 0; i < 6; i++)
        {
            (a.Grad, b.Grad) = grads[i];
            full.Step();
        }

        Optimizer first = Make(kind, [c, d]);
        for (int i = 0; i < 3; i++)
        {
            (c.Grad, d.Grad) = grads[i];
            first.Step();
        }
        OptimizerStateDict saved = first.StateDict();
        Tensor c2 = Copy(c), d2 = Copy(d);
        first.Step(); // later steps must not change the snapshot
        if (kind != "sgd") saved.State[0].Step.Should().Be(3);

        Optimizer resumed = Make(kind, [c2, d2]);
        resumed.LoadStateDict(saved);
        for (int i = 3; i < 6; i++)
        {
            (c2.Grad, d2.Grad) = grads[i];
            resumed.Step();
        }
        c2.ToArray().Should().Equal(a.ToArray());
        d2.ToArray().Should().Equal(b.ToArray());
    }

    private static Tensor Copy(Tensor t)
    {
        Tensor c = Tensor.FromArray(t.ToArray(), t.Shape.ToArray());
        c.RequiresGrad = true;
        return c;
    }

    [Fact]
    public void LoadStateDict_Mismatches_ThrowNamingTheFault()
    {
        var g = new Generator(5);
        Tensor a = Param(g, 2, 3), b = Param(g, 4);
        SetGrads(g, a, b);
        var adam = new Adam([a, b]);
        adam.Step();
        OptimizerStateDict state = adam.StateDict();

        new Sgd([a, b], 0.1).Invoking(o => o.LoadStateDict(state)).Should().Throw<ArgumentException>().WithMessage("*'Adam'*'SGD'*");
        new Adam([new ParameterGroup([a]), new ParameterGroup([b])]).Invoking(o => o.LoadStateDict(state))
            .Should().Throw<ArgumentException>().WithMessage("*1 parameter groups*2*");
        Tensor other = Param(g, 4, 2);
        new Adam([other, b]).Invoking(o => o.LoadStateDict(state)).Should().Throw<ArgumentException>().WithMessage("*'exp_avg*parameter 0*[2, 3]*[4, 2]*");
        var badBuffer = state with
        {
            State = new Dictionary<int, ParameterState> { [1] = new(1, new Dictionary<string, Tensor> { ["momentum_buffer"] = Tensor.Zeros(4) }) },
        };
        new Adam([a, b]).Invoking(o => o.LoadStateDict(badBuffer)).Should().Throw<ArgumentException>().WithMessage("*'momentum_buffer'*exp_avg*");
        var badIndex = state with { State = new Dictionary<int, ParameterState> { [7] = state.State[0] } };
        new Adam([a, b]).Invoking(o => o.LoadStateDict(badIndex)).Should().Throw<ArgumentException>().WithMessage("*parameter 7*2 parameters*");
    }

    [Fact]
    public void LoadStateDict_RestoresGroupHyperparameters()
    {
        var g = new Generator(6);
        Tensor a = Param(g, 2);
        var opt = new Sgd([a], 0.1, momentum: 0.9);
        opt.ParameterGroups[0].LearningRate = 0.025;
        opt.ParameterGroups[0].InitialLearningRate = 0.1;
        var fresh = new Sgd([a], 0.5);
        fresh.LoadStateDict(opt.StateDict());
        fresh.ParameterGroups[0].LearningRate.Should().Be(0.025);
        fresh.ParameterGroups[0].Momentum.Should().Be(0.9);
        fresh.ParameterGroups[0].InitialLearningRate.Should().Be(0.1);
    }

    [Fact]
    public void Constructors_BadArguments_Throw()
    {
        var g = new Generator(7);
        Tensor a = Param(g, 2), b = Param(g, 2);
        FluentActions.Invoking(() => new Sgd([a], -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate");
        FluentActions.Invoking(() => new Sgd([a], 0.1, nesterov: true)).Should().Throw<ArgumentException>().WithMessage("*Nesterov*momentum > 0*");
        FluentActions.Invoking(() => new Adam([a], beta1: 1.0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("beta1");
        FluentActions.Invoking(() => new Sgd([new ParameterGroup([a, b]), new ParameterGroup([b])], 0.1)).Should().Throw<ArgumentException>().WithMessage("*more than one parameter group*");
        FluentActions.Invoking(() => new ParameterGroup([a, a])).Should().Throw<ArgumentException>().WithMessage("*Parameter 1 appears more than once*");
        FluentActions.Invoking(() => new ParameterGroup([a.Mul(2f)])).Should().Throw<ArgumentException>().WithMessage("*not a leaf*");
        FluentActions.Invoking(() => new ParameterGroup([Tensor.Zeros(2, 3).T()])).Should().Throw<ArgumentException>().WithMessage("*not contiguous*");
        FluentActions.Invoking(() => new ParameterGroup([a]).LearningRate).Should().Throw<InvalidOperationException>().WithMessage("*filled from the optimizer's defaults*");
    }

    [Fact]
    public void Step_GradientShapeMismatch_ThrowsNamingParameterAndChangesNothing()
    {
        Tensor ok = Tensor.Ones(3), a = Tensor.Zeros(2, 2);
        ok.RequiresGrad = a.RequiresGrad = true;
        ok.Grad = Tensor.Ones(3);
        a.Grad = Tensor.Zeros(4);
        new Sgd([ok, a], 0.1).Invoking(o => o.Step()).Should().Throw<InvalidOperationException>().WithMessage("*Parameter 1*[2, 2]*[4]*");
        ok.ToArray().Should().Equal(1f, 1f, 1f);
    }

    [Fact]
    public void Step_NonContiguousGradient_IsUsedInLogicalOrder()
    {
        Tensor a = Tensor.Zeros(2, 3);
        a.RequiresGrad = true;
        a.Grad = Tensor.Arange(0, 6).Reshape(3, 2).T();
        new Sgd([a], 1.0).Step();
        a.ToArray().Should().Equal(a.Grad.ToArray().Select(v => -v));
    }

    [Fact]
    public void ClipGradNorm_NonFiniteWithError_ThrowsAndLeavesGradients()
    {
        Tensor a = Tensor.Zeros(2), b = Tensor.Zeros(2);
        a.Grad = Tensor.FromArray(1f, 2f);
        b.Grad = Tensor.FromArray(float.NaN, 0f);
        FluentActions.Invoking(() => GradientClipping.ClipGradNorm([a, b], 1.0, errorIfNonFinite: true))
            .Should().Throw<InvalidOperationException>().WithMessage("*non-finite*parameters [1]*");
        a.Grad.ToArray().Should().Equal(1f, 2f);
    }

    [Fact]
    public void ClipGradNorm_NoGradientsOrBelowLimit_LeavesGradients()
    {
        GradientClipping.ClipGradNorm([Tensor.Zeros(3)], 1.0).Should().Be(0);
        Tensor a = Tensor.Zeros(2);
        a.Grad = Tensor.FromArray(3f, 4f);
        GradientClipping.ClipGradNorm([a], 10.0).Should().BeApproximately(5.0, 1e-6);
        a.Grad.ToArray().Should().Equal(3f, 4f);
        GradientClipping.ClipGradNorm([a], 1.0);
        a.Grad.ToArray()[1].Should().BeApproximately(0.8f, 1e-6f);
        FluentActions.Invoking(() => GradientClipping.ClipGradNorm([a], 1.0, normType: 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("normType");
    }
}
