using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Core;

public class ElementwiseTests
{
    public static TheoryData<int[], int[]> BroadcastShapes => new()
    {
        { new[] { 3, 4 }, new[] { 3, 4 } },
        { new[] { 2, 3, 4 }, new[] { 4 } },
        { new[] { 2, 3, 1 }, new[] { 1, 5 } },
        { new[] { 2, 3, 4, 5 }, new[] { 1, 3, 1, 1 } },
        { new[] { 1 }, new[] { 2, 2 } },
        { new[] { 3, 1, 2 }, new[] { 3, 4, 1 } },
    };

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void Add_Broadcast_MatchesReferenceAndFiniteDifferences(int[] sa, int[] sb)
        => GradCheck.Check(x => x[0].Add(x[1]), r => RefOps.Binary(r[0], r[1], (a, b) => a + b),
            [GradCheck.Random(1, sa), GradCheck.Random(2, sb)]);

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void Sub_Broadcast_MatchesReferenceAndFiniteDifferences(int[] sa, int[] sb)
        => GradCheck.Check(x => x[0].Sub(x[1]), r => RefOps.Binary(r[0], r[1], (a, b) => a - b),
            [GradCheck.Random(3, sa), GradCheck.Random(4, sb)]);

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void Mul_Broadcast_MatchesReferenceAndFiniteDifferences(int[] sa, int[] sb)
        => GradCheck.Check(x => x[0].Mul(x[1]), r => RefOps.Binary(r[0], r[1], (a, b) => a * b),
            [GradCheck.Random(5, sa), GradCheck.Random(6, sb)]);

    [Theory]
    [MemberData(nameof(BroadcastShapes))]
    public void Div_Broadcast_MatchesReferenceAndFiniteDifferences(int[] sa, int[] sb)
        => GradCheck.Check(x => x[0].Div(x[1]), r => RefOps.Binary(r[0], r[1], (a, b) => a / b),
            [GradCheck.Random(7, sa), GradCheck.Random(8, sb).Abs().Add(0.5f).Detach()]);

    [Fact]
    public void Maximum_Minimum_GradientGoesToWinner()
    {
        GradCheck.Check(x => x[0].Maximum(x[1]), r => RefOps.Binary(r[0], r[1], Math.Max), [GradCheck.Random(9, 3, 4), GradCheck.Random(10, 4)]);
        GradCheck.Check(x => x[0].Minimum(x[1]), r => RefOps.Binary(r[0], r[1], Math.Min), [GradCheck.Random(11, 3, 4), GradCheck.Random(12, 3, 1)]);
    }

    [Fact]
    public void Pow_TensorExponent_MatchesReference()
        => GradCheck.Check(x => x[0].Pow(x[1]), r => RefOps.Binary(r[0], r[1], Math.Pow),
            [GradCheck.Random(13, 2, 3).Abs().Add(0.5f).Detach(), GradCheck.Random(14, 3)]);

    public static TheoryData<string> UnaryNames => new() { "neg", "exp", "log", "sqrt", "abs", "square", "reciprocal", "pow3", "clamp", "scalar" };

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_MatchesReferenceAndFiniteDifferences(string name)
    {
        var (op, reference, positive) = name switch
        {
            "neg" => ((Func<Tensor, Tensor>)(t => t.Neg()), (Func<double, double>)(v => -v), false),
            "exp" => (t => t.Exp(), Math.Exp, false),
            "log" => (t => t.Log(), Math.Log, true),
            "sqrt" => (t => t.Sqrt(), Math.Sqrt, true),
            "abs" => (t => t.Abs(), Math.Abs, false),
            "square" => (t => t.Square(), v => v * v, false),
            "reciprocal" => (t => t.Reciprocal(), v => 1 / v, true),
            "pow3" => (t => t.Pow(3f), v => v * v * v, false),
            "clamp" => (t => t.Clamp(-0.5f, 0.5f), v => Math.Clamp(v, -0.5, 0.5), false),
            "scalar" => (t => (2f * t + 1f) / 4f - 3f, v => (2 * v + 1) / 4 - 3, false),
            _ => throw new ArgumentException(name),
        };
        Tensor x = GradCheck.Random(20, 3, 5);
        if (positive) x = x.Abs().Add(0.25f).Detach();
        GradCheck.Check(t => op(t[0]), r => RefOps.Unary(r[0], reference), [x]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(257)]
    [InlineData(70000)]
    public void Add_Lengths_MatchScalarLoop(int n)
    {
        Tensor a = GradCheck.Random(1, n), b = GradCheck.Random(2, n);
        float[] y = a.Add(b).ToArray(), av = a.ToArray(), bv = b.ToArray();
        for (int i = 0; i < n; i++) y[i].Should().Be(av[i] + bv[i]);
    }

    [Fact]
    public void Add_NonContiguousOperands_MatchesContiguous()
    {
        Tensor a = GradCheck.Random(1, 4, 6).T(), b = GradCheck.Random(2, 6, 4);
        a.IsContiguous.Should().BeFalse();
        a.Add(b).ToArray().Should().Equal(a.Contiguous().Add(b).ToArray());
    }

    [Fact]
    public void Add_IncompatibleShapes_ThrowsNamingShapes()
    {
        var act = () => Tensor.Zeros(2, 3).Add(Tensor.Zeros(4));
        act.Should().Throw<ArgumentException>().WithMessage("*[2, 3]*[4]*");
    }

    [Fact]
    public void Maximum_NaN_Propagates()
    {
        var y = Tensor.FromArray(1f, float.NaN).Maximum(Tensor.FromArray(float.NaN, 0f)).ToArray();
        y.Should().OnlyContain(v => float.IsNaN(v));
    }

    [Fact]
    public void AddInPlace_OnRecordedTensor_Throws()
    {
        var x = GradCheck.Random(1, 3);
        x.RequiresGrad = true;
        var y = x.Mul(2f);
        var act = () => y.AddInPlace(x);
        act.Should().Throw<InvalidOperationException>().WithMessage("*In-place*");
    }
}
