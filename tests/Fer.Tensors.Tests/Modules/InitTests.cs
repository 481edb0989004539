using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Tensors.Tests.Modules;

public class InitTests
{
    [Theory]
    [InlineData(new[] { 3, 4 }, 4, 3)]
    [InlineData(new[] { 16, 8, 3, 3 }, 72, 144)]
    [InlineData(new[] { 5, 2, 7 }, 14, 35)]
    [InlineData(new[] { 4, 6, 2, 3, 5 }, 180, 120)]
    [InlineData(new[] { 2, 3, 0 }, 0, 0)]
    public void CalculateFanInAndFanOut_MatchesTorchDefinition(int[] shape, int fanIn, int fanOut)
        => Init.CalculateFanInAndFanOut(shape).Should().Be((fanIn, fanOut));

    [Fact]
    public void CalculateFanInAndFanOut_RankBelowTwo_Throws()
        => FluentActions.Invoking(() => Init.CalculateFanInAndFanOut([5])).Should().Throw<ArgumentException>().WithMessage("*at least 2 dimensions*[5]*");

    [Fact]
    public void CalculateGain_MatchesTorch()
    {
        Init.CalculateGain(Nonlinearity.Linear).Should().Be(1);
        Init.CalculateGain(Nonlinearity.Sigmoid).Should().Be(1);
        Init.CalculateGain(Nonlinearity.Tanh).Should().Be(5.0 / 3);
        Init.CalculateGain(Nonlinearity.Relu).Should().Be(Math.Sqrt(2));
        Init.CalculateGain(Nonlinearity.LeakyRelu).Should().Be(Math.Sqrt(2 / (1 + 0.01 * 0.01)));
        Init.CalculateGain(Nonlinearity.LeakyRelu, Math.Sqrt(5)).Should().BeApproximately(Math.Sqrt(1.0 / 3), 1e-15);
        Init.CalculateGain(Nonlinearity.Selu).Should().Be(0.75);
    }

    private static (double Mean, double Var, double MaxAbs) Moments(Tensor t)
    {
        float[] v = t.ToArray();
        double mean = v.Average(x => (double)x);
        double var = v.Average(x => (x - mean) * (x - mean));
        return (mean, var, v.Max(x => Math.Abs((double)x)));
    }

    [Fact]
    public void KaimingUniform_ReluFanIn_HasBoundAndVariance()
    {
        var w = Tensor.Zeros(200, 64, 3, 3); // fan_in 576
        Init.KaimingUniform(w, new Generator(1), nonlinearity: Nonlinearity.Relu);
        double bound = Math.Sqrt(6.0 / 576);
        var (mean, var, maxAbs) = Moments(w);
        maxAbs.Should().BeLessThanOrEqualTo(bound).And.BeGreaterThan(0.999 * bound);
        mean.Should().BeApproximately(0, 0.01 * bound);
        var.Should().BeApproximately(2.0 / 576, 0.02 * 2.0 / 576);
    }

    [Fact]
    public void KaimingUniform_DefaultsWithASqrt5_EqualsLinearLayerBound()
    {
        var w = Tensor.Zeros(300, 50);
        Init.KaimingUniform(w, new Generator(2), a: Math.Sqrt(5));
        var (_, var, maxAbs) = Moments(w);
        double bound = 1 / Math.Sqrt(50);
        maxAbs.Should().BeLessThanOrEqualTo(bound * (1 + 1e-6)).And.BeGreaterThan(0.99 * bound);
        var.Should().BeApproximately(bound * bound / 3, 0.03 * bound * bound / 3);
    }

    [Fact]
    public void KaimingNormal_FanOutTanh_HasStd()
    {
        var w = Tensor.Zeros(40, 100, 5); // fan_out 200
        Init.KaimingNormal(w, new Generator(3), mode: FanMode.FanOut, nonlinearity: Nonlinearity.Tanh);
        double std = 5.0 / 3 / Math.Sqrt(200);
        var (mean, var, _) = Moments(w);
        mean.Should().BeApproximately(0, 0.02 * std);
        Math.Sqrt(var).Should().BeApproximately(std, 0.01 * std);
    }

    [Fact]
    public void Xavier_UniformAndNormal_HaveGlorotVariance()
    {
        var u = Tensor.Zeros(300, 200);
        Init.XavierUniform(u, new Generator(4), gain: 2);
        double std = 2 * Math.Sqrt(2.0 / 500);
        var (_, varU, maxU) = Moments(u);
        maxU.Should().BeLessThanOrEqualTo(Math.Sqrt(3) * std);
        Math.Sqrt(varU).Should().BeApproximately(std, 0.01 * std);

        var n = Tensor.Zeros(300, 200);
        Init.XavierNormal(n, new Generator(5));
        var (meanN, varN, _) = Moments(n);
        meanN.Should().BeApproximately(0, 0.01);
        Math.Sqrt(varN).Should().BeApproximately(Math.Sqrt(2.0 / 500), 0.01 * Math.Sqrt(2.0 / 500));
    }

    [Fact]
    public void NormalUniformTruncated_RespectParameters()
    {
        var n = Init.Normal(Tensor.Zeros(100000), new Generator(6), mean: 3, std: 0.5);
        var (mean, var, _) = Moments(n);
        mean.Should().BeApproximately(3, 0.01);
        Math.Sqrt(var).Should().BeApproximately(0.5, 0.005);

        float[] u = Init.Uniform(Tensor.Zeros(100000), new Generator(7), -1, 3).ToArray();
        u.Should().OnlyContain(x => x >= -1 && x < 3);
        u.Average(x => (double)x).Should().BeApproximately(1, 0.02);

        float[] t = Init.TruncatedNormal(Tensor.Zeros(100000), new Generator(8), std: 1, a: -0.5, b: 1).ToArray();
        t.Should().OnlyContain(x => x >= -0.5f && x <= 1f);
        t.Min().Should().BeLessThan(-0.49f);
        t.Max().Should().BeGreaterThan(0.99f);
    }

    [Fact]
    public void ConstantZerosOnes_FillEveryElement()
    {
        Init.Constant(Tensor.Zeros(2, 3), 0.25f).ToArray().Should().OnlyContain(v => v == 0.25f);
        Init.Ones(Tensor.Zeros(4)).ToArray().Should().OnlyContain(v => v == 1f);
        Init.Zeros(Tensor.Ones(4)).ToArray().Should().OnlyContain(v => v == 0f);
    }

    [Fact]
    public void Random_SameSeedSameValues_NonContiguousFilledInLogicalOrder_ParameterStaysLeaf()
    {
        var a = Init.KaimingNormal(Tensor.Zeros(8, 6), new Generator(9));
        var b = Init.KaimingNormal(Tensor.Zeros(8, 6), new Generator(9));
        var c = Init.KaimingNormal(Tensor.Zeros(8, 6), new Generator(10));
        a.ToArray().Should().Equal(b.ToArray());
        a.ToArray().Should().NotEqual(c.ToArray());

        var storage = Tensor.Zeros(6, 8);
        Tensor view = storage.T(); // [8, 6], not contiguous
        Init.KaimingNormal(view, new Generator(9));
        view.ToArray().Should().Equal(a.ToArray());

        var p = Tensor.Zeros(4, 4);
        p.RequiresGrad = true;
        Init.XavierUniform(p, new Generator(11));
        p.IsLeaf.Should().BeTrue();
        p.RequiresGrad.Should().BeTrue();
    }

    [Fact]
    public void Init_EmptyOrBadArguments()
    {
        Init.KaimingUniform(Tensor.Zeros(0, 3), new Generator(1)).ElementCount.Should().Be(0);
        FluentActions.Invoking(() => Init.XavierUniform(Tensor.Zeros(5), new Generator(1))).Should().Throw<ArgumentException>().WithMessage("*at least 2 dimensions*");
        FluentActions.Invoking(() => Init.Normal(Tensor.Zeros(5), new Generator(1), std: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("std");
        FluentActions.Invoking(() => Init.Uniform(Tensor.Zeros(5), new Generator(1), 2, 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Init.TruncatedNormal(Tensor.Zeros(5), new Generator(1), a: 10, b: 11)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Init.KaimingUniform(Tensor.Zeros(2, 2), null!)).Should().Throw<ArgumentNullException>();
    }
}
