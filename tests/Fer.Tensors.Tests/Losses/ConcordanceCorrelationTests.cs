using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Losses;

public class ConcordanceCorrelationTests
{
    private static double[] PerColumn(RefTensor x, RefTensor y, double eps)
    {
        int n = x.Shape[0], d = x.Rank == 1 ? 1 : x.Shape[1];
        var loss = new double[d];
        for (int j = 0; j < d; j++)
        {
            double[] a = Enumerable.Range(0, n).Select(i => x.Data[i * d + j]).ToArray(), b = Enumerable.Range(0, n).Select(i => y.Data[i * d + j]).ToArray();
            double ma = a.Average(), mb = b.Average();
            double va = a.Sum(v => (v - ma) * (v - ma)) / n, vb = b.Sum(v => (v - mb) * (v - mb)) / n;
            double cov = a.Select((v, i) => (v - ma) * (b[i] - mb)).Sum() / n;
            loss[j] = 1 - 2 * cov / (va + vb + (ma - mb) * (ma - mb) + eps);
        }
        return loss;
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Ccc_Columns_MatchReferenceAndFiniteDifferences(Reduction r)
        => GradCheck.Check(
            x => Nn.Losses.ConcordanceCorrelation(x[0], x[1], r),
            v =>
            {
                double[] l = PerColumn(v[0], v[1], 1e-8);
                return r switch { Reduction.None => new RefTensor([l.Length], l), Reduction.Sum => new RefTensor([], [l.Sum()]), _ => new RefTensor([], [l.Average()]) };
            },
            [GradCheck.Random(1, 6, 2), GradCheck.Random(2, 6, 2).Mul(0.5f).Add(0.2f).Detach()]);

    [Fact]
    public void Ccc_Vector_MatchesReference()
        => GradCheck.Check(x => Nn.Losses.ConcordanceCorrelation(x[0], x[1]), v => new RefTensor([], PerColumn(v[0], v[1], 1e-8)),
            [GradCheck.Random(3, 7), GradCheck.Random(4, 7)]);

    [Fact]
    public void Ccc_ConstantInputs_NoNaN()
    {
        var x = Tensor.Full(0.3f, 5, 2);
        x.RequiresGrad = true;
        Tensor loss = Nn.Losses.ConcordanceCorrelation(x, Tensor.Full(0.3f, 5, 2));
        loss.Item().Should().Be(1f, "CCC is defined as 0 when both are constant and equal (eps in the denominator)");
        loss.Backward();
        x.Grad!.ToArray().Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Ccc_PerfectAgreement_IsZero_AndShiftIsPenalised()
    {
        Tensor x = GradCheck.Random(5, 8, 2);
        Nn.Losses.ConcordanceCorrelation(x, x).Item().Should().BeApproximately(0f, 1e-6f);
        Nn.Losses.ConcordanceCorrelation(x, x.Add(1f)).Item().Should().BeGreaterThan(0.2f, "a biased prediction has CCC below 1 even with correlation 1");
    }

    [Fact]
    public void Ccc_BadInput_Throws()
    {
        ((Func<Tensor>)(() => Nn.Losses.ConcordanceCorrelation(Tensor.Zeros(3, 2), Tensor.Zeros(3, 3)))).Should().Throw<ArgumentException>();
        ((Func<Tensor>)(() => Nn.Losses.ConcordanceCorrelation(Tensor.Zeros(2, 2, 2), Tensor.Zeros(2, 2, 2)))).Should().Throw<ArgumentException>().WithMessage("*[N] or [N, D]*");
    }
}
