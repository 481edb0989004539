using Fer.Trainers.GcnMultitask;

namespace Fer.Trainers.Tests.GcnMultitask;

public class LabelGraphTests
{
    private static readonly string[] Names = ["a", "b", "c", "valence", "arousal"];

    // |rho| over 3 expressions + valence + arousal, chosen so each step changes something.
    private static readonly double[,] C =
    {
        { 1.00, 0.50, 0.30, 0.60, 0.05 },
        { 0.50, 1.00, 0.20, 0.09, 0.10 },
        { 0.30, 0.20, 1.00, 0.02, 0.03 },
        { 0.60, 0.09, 0.02, 1.00, 0.40 },
        { 0.05, 0.10, 0.03, 0.40, 1.00 },
    };

    [Fact]
    public void RemoveExpressionEdges_ZeroesOnlyExpressionPairs()
    {
        double[,] m = LabelGraph.RemoveExpressionEdges(C, 3);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                m[i, j].Should().Be(i < 3 && j < 3 && i != j ? 0 : C[i, j], $"entry ({i}, {j})");
    }

    [Fact]
    public void Binarize_ThresholdIsInclusiveAndDiagonalKept()
    {
        double[,] b = LabelGraph.Binarize(new double[,] { { 0, 0.1 }, { 0.0999, 0 } }, 0.1);
        b.Should().BeEquivalentTo(new double[,] { { 1, 1 }, { 0, 1 } });
    }

    [Fact]
    public void Build_Steps_MatchHandComputation()
    {
        LabelGraph g = LabelGraph.FromCorrelations(C, Names, threshold: 0.1, reweight: 0.4);
        // After removing expression pairs and thresholding at 0.1: a-valence, b-arousal, valence-arousal; c alone.
        double[,] expectedBinary =
        {
            { 1, 0, 0, 1, 0 },
            { 0, 1, 0, 0, 1 },
            { 0, 0, 1, 0, 0 },
            { 1, 0, 0, 1, 1 },
            { 0, 1, 0, 1, 1 },
        };
        g.Binary.Should().BeEquivalentTo(expectedBinary);
        // Re-weighted with p = 0.4: a keeps 0.6 and gives 0.4 to valence; valence splits 0.4 over a and arousal; c keeps 1.
        double[,] expectedA =
        {
            { 0.6, 0, 0, 0.4, 0 },
            { 0, 0.6, 0, 0, 0.4 },
            { 0, 0, 1, 0, 0 },
            { 0.2, 0, 0, 0.6, 0.2 },
            { 0, 0.2, 0, 0.2, 0.6 },
        };
        AssertClose(g.Reweighted, expectedA, 1e-12);
        // Every row sums to 1, so D = I and the normalised adjacency equals the re-weighted one.
        AssertClose(g.Adjacency, expectedA, 1e-12);
        g.ExpressionCount.Should().Be(3);
        g.NodeNames.Should().Equal(Names);
    }

    [Fact]
    public void Normalize_UnequalRowSums_ScalesBySqrtOfBothDegrees()
    {
        double[,] a = { { 1, 1 }, { 3, 1 } };
        // d = [2, 4]: entry (i, j) / sqrt(d_i d_j).
        double[,] expected = { { 1 / 2.0, 1 / Math.Sqrt(8) }, { 3 / Math.Sqrt(8), 1 / 4.0 } };
        AssertClose(LabelGraph.Normalize(a), expected, 1e-12);
    }

    [Fact]
    public void Build_FromLabels_ValenceTiedToOneClassLinksOnlyThatClass()
    {
        // Valence equals the indicator of class 0 (plus a constant); arousal is unrelated noise-free ordering.
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, -1];
        float[] valence = [1, 0, 0, 1, 0, 0, 1, 0, 0, 5];
        float[] arousal = [0.3f, 0.1f, 0.9f, 0.2f, 0.8f, 0.4f, 0.7f, 0.6f, 0.5f, float.NaN];
        LabelGraph g = LabelGraph.Build(labels, valence, arousal, ["x", "y", "z"], threshold: 0.99, reweight: 0.5);
        g.Correlations[0, 3].Should().BeApproximately(1, 1e-12, "valence is class 0's indicator");
        g.Correlations[1, 3].Should().BeApproximately(0.5, 1e-12, "one-hot indicators of 3 balanced classes correlate -1/2");
        g.Binary[0, 3].Should().Be(1);
        g.Binary[1, 3].Should().Be(0);
        g.Binary[0, 1].Should().Be(0, "expression-expression edges are removed");
        g.Adjacency[1, 1].Should().Be(1, "y has no neighbour above tau");
    }

    [Fact]
    public void Build_ClassAbsent_CountsAsNoCorrelation()
    {
        LabelGraph g = LabelGraph.Build([0, 0, 1, 1], [0f, 0.1f, 1f, 0.9f], [1f, 0.8f, 0f, 0.2f], ["p", "q", "never"]);
        g.Correlations[2, 3].Should().Be(0);
        g.Correlations[2, 2].Should().Be(1);
        g.Adjacency[2, 2].Should().Be(1);
    }

    [Fact]
    public void FormatAdjacency_ListsNodesAndValues()
    {
        string text = LabelGraph.FromCorrelations(C, Names, 0.1, 0.4).FormatAdjacency();
        text.Should().Contain("valence").And.Contain("arousal").And.Contain("tau = 0.1").And.Contain("p = 0.4");
        text.Should().Contain("0.600").And.Contain("0.400").And.Contain("0.200");
    }

    [Fact]
    public void ToTensor_HoldsTheAdjacency()
    {
        LabelGraph g = LabelGraph.FromCorrelations(C, Names, 0.1, 0.4);
        float[] t = g.ToTensor().ToArray();
        t[3 * 5 + 0].Should().BeApproximately(0.2f, 1e-7f);
        t[2 * 5 + 2].Should().Be(1f);
    }

    [Fact]
    public void Build_BadArguments_Throw()
    {
        var mismatch = () => LabelGraph.Build([0, 1], [0f], [0f, 1f], ["a", "b"]);
        mismatch.Should().Throw<ArgumentException>().WithMessage("*2 labels, 1 valence*");
        var badLabel = () => LabelGraph.Build([0, 2], [0f, 1f], [0f, 1f], ["a", "b"]);
        badLabel.Should().Throw<ArgumentException>().WithMessage("*Label 2 of example 1*");
        var none = () => LabelGraph.Build([-1, -1], [0f, 1f], [0f, 1f], ["a", "b"]);
        none.Should().Throw<ArgumentException>().WithMessage("*No example is labelled*");
        var tau = () => LabelGraph.FromCorrelations(C, Names, threshold: 1.5);
        tau.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*tau*");
        var p = () => LabelGraph.FromCorrelations(C, Names, reweight: 1);
        p.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*p must be in [0, 1)*");
        var signed = () => LabelGraph.FromCorrelations(new double[,] { { 1, -0.5, 0 }, { -0.5, 1, 0 }, { 0, 0, 1 } }, ["a", "valence", "arousal"]);
        signed.Should().Throw<ArgumentException>().WithMessage("*absolute*");
        var shape = () => LabelGraph.FromCorrelations(new double[2, 2], Names);
        shape.Should().Throw<ArgumentException>().WithMessage("*2x2*5x5*");
    }

    private static void AssertClose(double[,] actual, double[,] expected, double tol)
    {
        actual.GetLength(0).Should().Be(expected.GetLength(0));
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++)
                actual[i, j].Should().BeApproximately(expected[i, j], tol, $"entry ({i}, {j})");
    }
}
