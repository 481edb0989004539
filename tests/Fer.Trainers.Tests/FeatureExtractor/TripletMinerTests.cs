using Fer.Tensors.Random;
using Fer.Trainers.FeatureExtractor;

namespace Fer.Trainers.Tests.FeatureExtractor;

public class TripletMinerTests
{
    // Points on a line (1-D embeddings): distance = |a - b|.
    private static readonly float[] Points = [0f, 0.1f, 0.5f, 0.15f, 0.9f, 0.3f, 5f];
    private static readonly int[] Dataset = [0, 0, 0, 0, 0, 0, 1];
    private static readonly int[] Label = [0, 0, 0, 1, 1, -1, 0];

    [Theory]
    [InlineData(TripletMining.SemiHard)]
    [InlineData(TripletMining.BatchHard)]
    [InlineData(TripletMining.Random)]
    public void Mine_AnyMining_PositiveSharesLabelNegativeDiffersSameDatasetOnly(TripletMining mining)
    {
        var (a, p, n) = TripletMiner.Mine(Points, 1, Dataset, Label, mining, 0.2f, new Generator(1));
        a.Should().Equal([0, 1, 2, 3, 4], "row 5 is unlabelled and row 6 is alone in its dataset");
        for (int i = 0; i < a.Length; i++)
        {
            p[i].Should().NotBe(a[i]);
            Label[p[i]].Should().Be(Label[a[i]]);
            Dataset[p[i]].Should().Be(Dataset[a[i]]);
            Label[n[i]].Should().NotBe(Label[a[i]]).And.BeGreaterThanOrEqualTo(0);
            Dataset[n[i]].Should().Be(Dataset[a[i]]);
        }
    }

    [Fact]
    public void Mine_BatchHard_FarthestPositiveClosestNegative()
    {
        var (a, p, n) = TripletMiner.Mine(Points, 1, Dataset, Label, TripletMining.BatchHard, 0.2f, new Generator(1));
        // Anchor 0 (at 0): positives 0.1, 0.5 -> farthest is row 2; negatives 0.15, 0.9 -> closest is row 3.
        p[0].Should().Be(2);
        n[0].Should().Be(3);
        // Anchor 3 (at 0.15): its only positive is row 4; the closest negative is row 1 (0.1).
        p[Array.IndexOf(a, 3)].Should().Be(4);
        n[Array.IndexOf(a, 3)].Should().Be(1);
    }

    [Fact]
    public void Mine_SemiHard_PrefersNegativeFartherThanPositiveWithinMargin()
    {
        // Anchor 4 (at 0.9) has one positive, row 3 (distance 0.75). Negatives: 0 (0.9), 1 (0.8), 2 (0.4).
        // Farther than 0.75 and within 0.75 + 0.2: rows 1 and 0; the closest of them is row 1.
        var (a, p, n) = TripletMiner.Mine(Points, 1, Dataset, Label, TripletMining.SemiHard, 0.2f, new Generator(1));
        int k = Array.IndexOf(a, 4);
        p[k].Should().Be(3);
        n[k].Should().Be(1);
    }
}
