using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Losses;

public class KlDivergenceTests
{
    private static RefTensor Reference(RefTensor x, RefTensor t, bool logTarget, Reduction r)
    {
        var e = RefOps.Binary(x, t, (lq, p) => logTarget ? Math.Exp(p) * (p - lq) : p == 0 ? 0 : p * (Math.Log(p) - lq));
        return r switch
        {
            Reduction.None => e,
            Reduction.Sum => new RefTensor([], [e.Data.Sum()]),
            Reduction.BatchMean => new RefTensor([], [e.Data.Sum() / x.Shape[0]]),
            _ => new RefTensor([], [e.Data.Average()]),
        };
    }

    [Theory]
    [InlineData(Reduction.BatchMean, false)]
    [InlineData(Reduction.Mean, false)]
    [InlineData(Reduction.Sum, true)]
    [InlineData(Reduction.None, true)]
    public void Kl_MatchesReferenceAndFiniteDifferences(Reduction r, bool logTarget)
    {
        Tensor logQ = Functional.LogSoftmax(GradCheck.Random(1, 3, 4), 1).Detach();
        Tensor p = Functional.Softmax(GradCheck.Random(2, 3, 4).Mul(2f), 1).Detach();
        if (logTarget) p = p.Log().Detach();
        GradCheck.Check(x => Nn.Losses.KlDivergence(x[0], x[1], r, logTarget), v => Reference(v[0], v[1], logTarget, r), [logQ, p]);
    }

    [Fact]
    public void Kl_BatchMean_IsSumOverBatchSize_AndZeroTargetsContributeNothing()
    {
        Tensor logQ = Functional.LogSoftmax(GradCheck.Random(3, 4, 5), 1);
        var p = Tensor.Zeros(4, 5);
        for (int i = 0; i < 4; i++) p[i, i] = 1f;
        float bm = Nn.Losses.KlDivergence(logQ, p, Reduction.BatchMean).Item();
        bm.Should().BeApproximately(Nn.Losses.KlDivergence(logQ, p, Reduction.Sum).Item() / 4, 1e-6f);
        float expected = -Enumerable.Range(0, 4).Sum(i => logQ[i, i]) / 4;
        bm.Should().BeApproximately(expected, 1e-6f);
        Nn.Losses.KlDivergence(logQ, p, Reduction.Mean).Item().Should().BeApproximately(bm / 5, 1e-6f);
    }

    [Fact]
    public void Kl_BadTargets_Throw()
    {
        ((Func<Tensor>)(() => Nn.Losses.KlDivergence(Tensor.Zeros(2, 2), Tensor.FromArray([0.5f, 0.5f, -0.1f, 1.1f], 2, 2))))
            .Should().Throw<ArgumentException>().WithMessage("*index 2 is -0.1*>= 0*");
        ((Func<Tensor>)(() => Nn.Losses.KlDivergence(Tensor.Zeros(2), Tensor.FromArray(0f, float.NaN), logTarget: true)))
            .Should().Throw<ArgumentException>().WithMessage("*index 1 is NaN*");
        ((Func<Tensor>)(() => Nn.Losses.KlDivergence(Tensor.Zeros(2), Tensor.Zeros(3)))).Should().Throw<ArgumentException>();
    }
}
