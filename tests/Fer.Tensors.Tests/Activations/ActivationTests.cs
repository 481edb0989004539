using Fer.Testing;
using Fer.Tensors.Kernels.Activations;
using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Activations;

public class ActivationTests
{
    /// <summary>Each activation with its double-precision formula and derivative.</summary>
    public static (Func<Tensor, Tensor> Op, Func<double, double> F, Func<double, double> Df) Case(string name) => name switch
    {
        "relu" => (Functional.Relu, ActivationReference.Relu, x => ActivationReference.ReluGrad(1, x)),
        "leaky_relu" => (t => Functional.LeakyRelu(t, 0.2f), x => ActivationReference.LeakyRelu(x, 0.2), x => ActivationReference.LeakyReluGrad(1, x, 0.2)),
        "elu" => (t => Functional.Elu(t, 1.5f), x => ActivationReference.Elu(x, 1.5), x => ActivationReference.EluGrad(1, x, 1.5)),
        "sigmoid" => (Functional.Sigmoid, ActivationReference.Sigmoid, x => ActivationReference.SigmoidGrad(1, x)),
        "tanh" => (Functional.Tanh, ActivationReference.Tanh, x => ActivationReference.TanhGrad(1, x)),
        "gelu" => (t => Functional.Gelu(t), x => ActivationReference.Gelu(x, false), x => ActivationReference.GeluGrad(1, x, false)),
        "gelu_tanh" => (t => Functional.Gelu(t, GeluApproximation.Tanh), x => ActivationReference.Gelu(x, true), x => ActivationReference.GeluGrad(1, x, true)),
        "softplus" => (t => Functional.Softplus(t), x => ActivationReference.Softplus(x, 1, 20), x => ActivationReference.SoftplusGrad(1, x, 1, 20)),
        "softplus_beta" => (t => Functional.Softplus(t, 2f, 1f), x => ActivationReference.Softplus(x, 2, 1), x => ActivationReference.SoftplusGrad(1, x, 2, 1)),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> Names => new() { "relu", "leaky_relu", "elu", "sigmoid", "tanh", "gelu", "gelu_tanh", "softplus", "softplus_beta" };

    [Theory]
    [MemberData(nameof(Names))]
    public void Activation_RandomInput_MatchesReferenceAndFiniteDifferences(string name)
    {
        var (op, f, _) = Case(name);
        // Scaled to [-3, 3) and nudged off 0 so finite differences never straddle the ReLU kink.
        Tensor x = GradCheck.Random(31, 4, 9).Mul(3f).Detach();
        float[] v = x.ToArray();
        for (int i = 0; i < v.Length; i++) if (MathF.Abs(v[i]) < 1e-3f) v[i] = 0.25f;
        GradCheck.Check(t => op(t[0]), r => RefOps.Unary(r[0], f), [Tensor.FromArray(v, 4, 9)]);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Activation_AllLengthsAndWideRange_MatchReferenceTwin(string name)
    {
        var (op, f, df) = Case(name);
        foreach (int n in new[] { 0, 1, 7, 8, 9, 31, 257 })
        {
            // Values spread over [-12, 12] so every branch and saturation region is visited.
            float[] v = Enumerable.Range(0, n).Select(i => n == 1 ? 0.5f : -12f + 24f * i / (n - 1)).ToArray();
            var x = Tensor.FromArray(v, n);
            x.RequiresGrad = true;
            Tensor y = op(x);
            y.Sum().Backward();
            double[] expected = v.Select(t => f(t)).ToArray();
            double[] grad = v.Select(t => df(t)).ToArray();
            Close.Check(expected, y.ToArray().Select(t => (double)t).ToArray(), 2e-7, 2e-6, $"{name} forward, n = {n}");
            if (n > 0) Close.Check(grad, x.Grad!.ToArray().Select(t => (double)t).ToArray(), 1e-6, 2e-5, $"{name} backward, n = {n}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Activation_NaN_PropagatesAndInfinitiesAreFinitelyHandled(string name)
    {
        var (op, f, _) = Case(name);
        float[] y = op(Tensor.FromArray(float.NaN, float.PositiveInfinity, 0f)).ToArray();
        float.IsNaN(y[0]).Should().BeTrue($"{name}(NaN) must be NaN");
        y[1].Should().Be((float)f(double.PositiveInfinity), $"{name}(+inf)");
        y[2].Should().BeApproximately((float)f(0), 1e-7f, $"{name}(0)");
    }

    [Fact]
    public void Activation_NonContiguousInput_MatchesContiguous()
    {
        Tensor x = GradCheck.Random(3, 5, 6).T();
        x.IsContiguous.Should().BeFalse();
        foreach (string name in Names)
            Case(name).Op(x).ToArray().Should().Equal(Case(name).Op(x.Contiguous()).ToArray(), name);
    }

    [Fact]
    public void Gelu_LargeNegativeInput_KeepsRelativeAccuracy()
    {
        // 1 + erf(x / sqrt 2) would cancel to a few float ulps of 1 here; the erfc tail keeps ~1e-5 relative accuracy.
        float[] v = [-4f, -6f, -9f];
        float[] y = Functional.Gelu(Tensor.FromArray(v)).ToArray();
        for (int i = 0; i < v.Length; i++)
        {
            double e = ActivationReference.Gelu(v[i], false);
            Math.Abs(y[i] - e).Should().BeLessThan(1e-5 * Math.Abs(e), $"gelu({v[i]}) = {e:G6}");
        }
    }

    [Fact]
    public void Softplus_AboveThreshold_ReturnsInputExactly()
    {
        var x = Tensor.FromArray(3f, 2f, -30f);
        x.RequiresGrad = true;
        Tensor y = Functional.Softplus(x, beta: 2f, threshold: 5f);
        y.Sum().Backward();
        float[] v = y.ToArray();
        v[0].Should().Be(3f, "beta * x = 6 > threshold 5 is the linear region");
        v[1].Should().BeApproximately((float)(Math.Log(1 + Math.Exp(4)) / 2), 1e-6f);
        v[2].Should().BeApproximately((float)(Math.Exp(-60) / 2), 1e-30f);
        v[2].Should().BeGreaterThan(0f, "tiny values must not underflow to 0 through log(1 + u)");
        x.Grad!.ToArray()[0].Should().Be(1f);
    }

    [Fact]
    public void Activation_BadParameters_Throw()
    {
        var x = Tensor.Zeros(2);
        ((Action)(() => Functional.LeakyRelu(x, float.NaN))).Should().Throw<ArgumentException>().WithMessage("*negativeSlope*");
        ((Action)(() => Functional.Elu(x, float.PositiveInfinity))).Should().Throw<ArgumentException>().WithMessage("*alpha*");
        ((Action)(() => Functional.Softplus(x, 0f))).Should().Throw<ArgumentException>().WithMessage("*beta*");
        ((Action)(() => Functional.Gelu(x, (GeluApproximation)7))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => Functional.Relu(null!))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Modules_Forward_EqualFunctional()
    {
        Tensor x = GradCheck.Random(5, 3, 4).Mul(4f);
        new ReLU().Forward(x).ToArray().Should().Equal(Functional.Relu(x).ToArray());
        new LeakyReLU(0.3f).Forward(x).ToArray().Should().Equal(Functional.LeakyRelu(x, 0.3f).ToArray());
        new ELU(0.5f).Forward(x).ToArray().Should().Equal(Functional.Elu(x, 0.5f).ToArray());
        new Sigmoid().Forward(x).ToArray().Should().Equal(Functional.Sigmoid(x).ToArray());
        new Tanh().Forward(x).ToArray().Should().Equal(Functional.Tanh(x).ToArray());
        new GELU(GeluApproximation.Tanh).Forward(x).ToArray().Should().Equal(Functional.Gelu(x, GeluApproximation.Tanh).ToArray());
        new Softplus(2f, 3f).Forward(x).ToArray().Should().Equal(Functional.Softplus(x, 2f, 3f).ToArray());
        new Softmax(0).Forward(x).ToArray().Should().Equal(Functional.Softmax(x, 0).ToArray());
        new LogSoftmax(-1).Forward(x).ToArray().Should().Equal(Functional.LogSoftmax(x, -1).ToArray());
        new ReLU().StateDict().Should().BeEmpty();
        ((Func<Module>)(() => new LeakyReLU(float.NaN))).Should().Throw<ArgumentException>();
        ((Func<Module>)(() => new Softplus(beta: 0f))).Should().Throw<ArgumentException>();
    }
}
