using Fer.Trainers.GcnMultitask;

namespace Fer.Trainers.Tests.GcnMultitask;

public class SpearmanCorrelationTests
{
    [Fact]
    public void Ranks_Ties_GetTheMeanOfTheirRanks()
    {
        SpearmanCorrelation.Ranks([3.0, 1.0, 2.0, 2.0, 5.0, 2.0]).Should().Equal(5.0, 1.0, 3.0, 3.0, 6.0, 3.0);
        SpearmanCorrelation.Ranks([0.0, 1.0, 0.0, 0.0]).Should().Equal(2.0, 4.0, 2.0, 2.0);
        SpearmanCorrelation.Ranks([]).Should().BeEmpty();
    }

    [Fact]
    public void Compute_TiesInOneSeries_MatchesHandValue()
    {
        // Ranks y = [1, 2, 3.5, 5, 3.5]; deviations [-2,-1,0,1,2] and [-2,-1,0.5,2,0.5]: 8 / sqrt(10 * 9.5).
        double rho = SpearmanCorrelation.Compute([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
        rho.Should().BeApproximately(8 / Math.Sqrt(95), 1e-12);
    }

    [Fact]
    public void Compute_OneHotAgainstValues_MatchesHandValue()
    {
        // The four zeros share ranks 1..4 (2.5 each), the two ones ranks 5..6 (5.5 each).
        double[] x = [0, 0, 0, 1, 1, 0];
        double[] y = [0.1, 0.4, 0.2, 0.9, 0.3, 0.5];
        // rx = [2.5,2.5,2.5,5.5,5.5,2.5] (mean 3.5): dx = [-1,-1,-1,2,2,-1]; ry = [1,4,2,6,3,5]: dy = [-2.5,0.5,-1.5,2.5,-0.5,1.5].
        // sum dx dy = 2.5-0.5+1.5+5-1-1.5 = 6; sum dx^2 = 12; sum dy^2 = 17.5.
        SpearmanCorrelation.Compute(x, y).Should().BeApproximately(6 / Math.Sqrt(12 * 17.5), 1e-12);
    }

    [Fact]
    public void Compute_MonotoneAndReversed_AreOneAndMinusOne()
    {
        SpearmanCorrelation.Compute([1, 2, 3, 10], [0.1, 5, 7, 100]).Should().BeApproximately(1, 1e-12);
        SpearmanCorrelation.Compute([1, 2, 3, 10], [9, 5, 2, -100]).Should().BeApproximately(-1, 1e-12);
    }

    [Fact]
    public void Compute_NaNPairsSkippedAndConstantUndefined()
    {
        SpearmanCorrelation.Compute([1, double.NaN, 2, 3], [1, 7, double.NaN, 2]).Should().BeApproximately(1, 1e-12, "pairs (1,1) and (3,2) remain");
        double.IsNaN(SpearmanCorrelation.Compute([1, 1, 1], [1, 2, 3])).Should().BeTrue("a constant series has no correlation");
        double.IsNaN(SpearmanCorrelation.Compute([1], [2])).Should().BeTrue();
    }

    [Fact]
    public void Compute_LengthsDiffer_Throws()
    {
        var act = () => SpearmanCorrelation.Compute([1, 2], [1, 2, 3]);
        act.Should().Throw<ArgumentException>().WithMessage("*2 and 3*");
    }

    [Fact]
    public void Matrix_IsSymmetricWithUnitDiagonal()
    {
        double[][] cols = [[1, 2, 3, 4], [2, 1, 4, 3], [4, 3, 2, 1]];
        double[,] m = SpearmanCorrelation.Matrix(cols);
        for (int i = 0; i < 3; i++)
        {
            m[i, i].Should().BeApproximately(1, 1e-12);
            for (int j = 0; j < 3; j++) m[i, j].Should().Be(m[j, i]);
        }
        m[0, 2].Should().BeApproximately(-1, 1e-12);
        m[0, 1].Should().BeApproximately(0.6, 1e-12, "ranks differ by swaps: 1 - 6*4/(4*15)");
    }
}
