using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Losses;

public class TripletMarginTests
{
    private static double Distance(RefTensor u, RefTensor v, int row, double p, double eps)
    {
        int d = u.Shape[^1];
        double s = 0;
        for (int j = 0; j < d; j++) s += Math.Pow(Math.Abs(u.Data[row * d + j] - v.Data[row * d + j] + eps), p);
        return Math.Pow(s, 1 / p);
    }

    private static RefTensor Reference(RefTensor a, RefTensor pos, RefTensor neg, double margin, double p, bool swap, Reduction r)
    {
        int n = a.Rank == 1 ? 1 : a.Shape[0];
        var l = new double[n];
        for (int i = 0; i < n; i++)
        {
            double dn = Distance(a, neg, i, p, 1e-6);
            if (swap) dn = Math.Min(dn, Distance(pos, neg, i, p, 1e-6));
            l[i] = Math.Max(Distance(a, pos, i, p, 1e-6) - dn + margin, 0);
        }
        return r switch
        {
            Reduction.None => a.Rank == 1 ? new RefTensor([], l) : new RefTensor([n], l),
            Reduction.Sum => new RefTensor([], [l.Sum()]),
            _ => new RefTensor([], [l.Average()]),
        };
    }

    [Theory]
    [InlineData(2f, false, Reduction.Mean)]
    [InlineData(2f, true, Reduction.None)]
    [InlineData(1f, true, Reduction.Sum)]
    [InlineData(3f, false, Reduction.Mean)]
    public void Triplet_MatchesReferenceAndFiniteDifferences(float p, bool swap, Reduction r)
        => GradCheck.Check(
            x => Nn.Losses.TripletMargin(x[0], x[1], x[2], margin: 1.5f, p: p, swap: swap, reduction: r),
            v => Reference(v[0], v[1], v[2], 1.5, p, swap, r),
            [GradCheck.Random(1, 5, 3), GradCheck.Random(2, 5, 3), GradCheck.Random(3, 5, 3)]);

    [Fact]
    public void Triplet_Swap_UsesCloserPositiveNegativeDistance()
    {
        // The negative is far from the anchor but close to the positive: only the swapped loss is positive.
        var a = Tensor.FromArray([0f, 0f], 1, 2);
        var pos = Tensor.FromArray([1f, 0f], 1, 2);
        var neg = Tensor.FromArray([1.5f, 0f], 1, 2);
        Nn.Losses.TripletMargin(a, pos, neg, margin: 0.2f).Item().Should().Be(0f);
        Nn.Losses.TripletMargin(a, pos, neg, margin: 0.2f, swap: true).Item().Should().BeApproximately(1f - 0.5f + 0.2f, 1e-5f);
    }

    [Fact]
    public void Triplet_Vectors_GiveScalar_AndBadShapesThrow()
    {
        GradCheck.Check(x => Nn.Losses.TripletMargin(x[0], x[1], x[2], reduction: Reduction.None), v => Reference(v[0], v[1], v[2], 1, 2, false, Reduction.None),
            [GradCheck.Random(4, 4), GradCheck.Random(5, 4), GradCheck.Random(6, 4)]);
        ((Func<Tensor>)(() => Nn.Losses.TripletMargin(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)))).Should().Throw<ArgumentException>().WithMessage("*negative*[2, 4]*");
        ((Func<Tensor>)(() => Nn.Losses.TripletMargin(Tensor.Zeros(2), Tensor.Zeros(2), Tensor.Zeros(2), p: 0f))).Should().Throw<ArgumentException>().WithMessage("*p must*");
    }
}
