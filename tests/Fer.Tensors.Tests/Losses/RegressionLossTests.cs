using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Losses;

public class RegressionLossTests
{
    private static RefTensor Reduce(RefTensor e, Reduction r) => r switch
    {
        Reduction.None => e,
        Reduction.Sum => new RefTensor([], [e.Data.Sum()]),
        _ => new RefTensor([], [e.Data.Average()]),
    };

    private static Tensor[] Inputs() => [GradCheck.Random(1, 3, 4).Mul(2f).Detach(), GradCheck.Random(2, 3, 4)];

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Mse_L1_SmoothL1_MatchReferenceAndFiniteDifferences(Reduction r)
    {
        GradCheck.Check(x => Nn.Losses.Mse(x[0], x[1], r), v => Reduce(RefOps.Binary(v[0], v[1], (a, b) => (a - b) * (a - b)), r), Inputs());
        GradCheck.Check(x => Nn.Losses.L1(x[0], x[1], r), v => Reduce(RefOps.Binary(v[0], v[1], (a, b) => Math.Abs(a - b)), r), Inputs());
        GradCheck.Check(x => Nn.Losses.SmoothL1(x[0], x[1], 0.7f, r), v => Reduce(RefOps.Binary(v[0], v[1], (a, b) =>
        {
            double d = Math.Abs(a - b);
            return d < 0.7 ? 0.5 * d * d / 0.7 : d - 0.35;
        }), r), Inputs());
    }

    [Fact]
    public void SmoothL1_BetaZero_IsL1()
    {
        var (a, b) = (GradCheck.Random(3, 5), GradCheck.Random(4, 5));
        Nn.Losses.SmoothL1(a, b, 0f).Item().Should().Be(Nn.Losses.L1(a, b).Item());
    }

    [Fact]
    public void Regression_BadInput_Throws()
    {
        ((Func<Tensor>)(() => Nn.Losses.Mse(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)))).Should().Throw<ArgumentException>().WithMessage("*[3, 2]*[2, 3]*");
        ((Func<Tensor>)(() => Nn.Losses.SmoothL1(Tensor.Zeros(2), Tensor.Zeros(2), -1f))).Should().Throw<ArgumentException>().WithMessage("*beta*");
        ((Func<Tensor>)(() => Nn.Losses.L1(Tensor.Zeros(2), Tensor.Zeros(2), Reduction.BatchMean))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
