using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Losses;

public class NllTests
{
    private static RefTensor Reference(RefTensor lp, int[] t, double[]? w, int? ignore, Reduction r)
    {
        int n = lp.Shape[0];
        var rows = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            if (t[i] == ignore) continue;
            double wy = w?[t[i]] ?? 1;
            rows[i] = -wy * lp[i, t[i]];
            total += wy;
        }
        return r switch
        {
            Reduction.None => new RefTensor([n], rows),
            Reduction.Sum => new RefTensor([], [rows.Sum()]),
            _ => new RefTensor([], [rows.Sum() / total]),
        };
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Nll_WeightsAndIgnore_MatchesReferenceAndFiniteDifferences(Reduction reduction)
    {
        int[] t = [1, 9, 0, 2];
        double[] w = [2, 0.5, 1.5];
        GradCheck.Check(
            x => Nn.Losses.Nll(x[0], t, Tensor.FromArray(w.Select(v => (float)v).ToArray()), ignoreIndex: 9, reduction: reduction),
            r => Reference(r[0], t, w, 9, reduction),
            [GradCheck.Random(1, 4, 3)]);
    }

    [Fact]
    public void Nll_TargetOutOfRange_ThrowsNamingRow()
        => ((Func<Tensor>)(() => Nn.Losses.Nll(Tensor.Zeros(2, 3), [0, 3]))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*row 1 is 3*");
}
