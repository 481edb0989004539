using Fer.Tensors.Random;
using Fer.Trainers.Metrics;

namespace Fer.Trainers.Tests.Metrics;

public sealed class TripletSamplerTests
{
    private static readonly int[] Labels = [0, 0, 1, 1, 1, 2, -1];

    [Fact]
    public void Sample_EveryTriplet_HasSameClassPositiveAndOtherClassNegative()
    {
        Triplet[] triplets = TripletSampler.Sample(Labels, 1000, new Generator(1));

        triplets.Should().HaveCount(1000);
        foreach (Triplet t in triplets)
        {
            t.Positive.Should().NotBe(t.Anchor);
            Labels[t.Positive].Should().Be(Labels[t.Anchor]);
            Labels[t.Negative].Should().NotBe(Labels[t.Anchor]);
            new[] { t.Anchor, t.Positive, t.Negative }.Should().NotContain(6, "row 6 is unlabelled");
        }
        triplets.Select(t => t.Anchor).Should().NotContain(5, "class 2 has a single row and cannot be an anchor");
        triplets.Select(t => t.Negative).Should().Contain(5);
    }

    [Fact]
    public void Sample_ManyDraws_AreRoughlyUniformOverAnchorsAndNegatives()
    {
        Triplet[] triplets = TripletSampler.Sample(Labels, 5000, new Generator(2));

        // 5 eligible anchors: about 1000 each.
        foreach (int anchor in new[] { 0, 1, 2, 3, 4 })
            triplets.Count(t => t.Anchor == anchor).Should().BeInRange(850, 1150, $"anchor {anchor}");
        // Anchors of class 0 draw negatives uniformly among rows 2, 3, 4, 5.
        var fromClass0 = triplets.Where(t => Labels[t.Anchor] == 0).ToArray();
        foreach (int negative in new[] { 2, 3, 4, 5 })
            fromClass0.Count(t => t.Negative == negative).Should().BeInRange(fromClass0.Length / 4 - 100, fromClass0.Length / 4 + 100, $"negative {negative}");
    }

    [Fact]
    public void Sample_SameSeed_GivesSameTriplets()
    {
        Triplet[] a = TripletSampler.Sample(Labels, 50, new Generator(9));
        Triplet[] b = TripletSampler.Sample(Labels, 50, new Generator(9));
        Triplet[] c = TripletSampler.Sample(Labels, 50, new Generator(10));

        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 })]
    [InlineData(new[] { 0, 0, 0 })]
    [InlineData(new[] { -1, -1 })]
    public void Sample_NoPossibleTriplet_Throws(int[] labels)
    {
        FluentActions.Invoking(() => TripletSampler.Sample(labels, 1, new Generator(0)))
            .Should().Throw<ArgumentException>().WithMessage("Cannot form triplets*");
    }

    [Fact]
    public void Sample_LabelBelowMinusOne_Throws()
    {
        FluentActions.Invoking(() => TripletSampler.Sample([0, 0, -3], 1, new Generator(0)))
            .Should().Throw<ArgumentException>().WithMessage("labels[2] = -3*");
    }
}
