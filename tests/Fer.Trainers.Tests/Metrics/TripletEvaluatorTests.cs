using System.Text.Json;
using Fer.Tensors.Random;
using Fer.Trainers.Metrics;

namespace Fer.Trainers.Tests.Metrics;

public sealed class TripletEvaluatorTests
{
    private static readonly float[][] Points = [[0f, 0f], [1f, 0f], [0f, 3f], [0f, 0.5f]];

    [Fact]
    public void Evaluate_Euclidean_CountsStrictlyCloserPositives()
    {
        Triplet[] triplets = [new(0, 1, 2), new(0, 2, 1), new(0, 1, 3), new(1, 0, 2), new(0, 1, 1)];

        TripletMetrics m = TripletEvaluator.Evaluate(Points, triplets);

        m.TripletCount.Should().Be(5);
        m.Accuracy.Should().BeApproximately(2.0 / 5, 1e-12, "(0,1,2) and (1,0,2) are hits; the tie (0,1,1) is a miss");
        m.MeanPositiveDistance.Should().BeApproximately((1 + 3 + 1 + 1 + 1) / 5.0, 1e-12);
        m.MeanNegativeDistance.Should().BeApproximately((3 + 1 + 0.5 + Math.Sqrt(10) + 1) / 5, 1e-12);
    }

    [Fact]
    public void Evaluate_Cosine_IgnoresLengthUnlikeEuclidean()
    {
        float[][] e = [[1f, 0f], [10f, 0f], [0f, 1f]];
        Triplet[] triplets = [new(0, 1, 2)];

        TripletEvaluator.Evaluate(e, triplets, DistanceMetric.Euclidean).Accuracy.Should().Be(0, "9 > sqrt(2)");
        TripletMetrics cosine = TripletEvaluator.Evaluate(e, triplets, DistanceMetric.Cosine);
        cosine.Accuracy.Should().Be(1, "same direction: cosine distance 0 < 1");
        cosine.MeanPositiveDistance.Should().BeApproximately(0, 1e-12);
        cosine.MeanNegativeDistance.Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Distance_CosineWithZeroVector_IsOne()
    {
        TripletEvaluator.Distance([0f, 0f], [1f, 2f], DistanceMetric.Cosine).Should().Be(1);
        TripletEvaluator.Distance([1f, 1f], [-1f, -1f], DistanceMetric.Cosine).Should().BeApproximately(2, 1e-12);
        TripletEvaluator.Distance([1f, 1f], [4f, 5f], DistanceMetric.Euclidean).Should().Be(5);
    }

    [Fact]
    public void Evaluate_BadInputs_ThrowClearErrors()
    {
        FluentActions.Invoking(() => TripletEvaluator.Evaluate(Points, [new Triplet(0, 1, 4)]))
            .Should().Throw<ArgumentException>().WithMessage("Triplet 0 refers to row 4*");
        FluentActions.Invoking(() => TripletEvaluator.Evaluate([[0f, 0f], [1f]], [new Triplet(0, 1, 0)]))
            .Should().Throw<ArgumentException>().WithMessage("embeddings[1] has 1 values; expected 2*");
        FluentActions.Invoking(() => TripletEvaluator.Evaluate([[0f, float.NaN], [1f, 0f]], [new Triplet(0, 1, 1)]))
            .Should().Throw<ArgumentException>().WithMessage("embeddings[0][1] is NaN*");
        FluentActions.Invoking(() => TripletEvaluator.Evaluate(Points, Array.Empty<Triplet>()))
            .Should().Throw<ArgumentException>().WithMessage("No triplets*");
    }

    [Fact]
    public void Evaluate_SampledFromLabels_SeparatedClustersScorePerfectlyAndCountUnlabelled()
    {
        // Two tight clusters far apart; an unlabelled row sits in the wrong cluster but is never drawn.
        float[][] e = [[0f, 0f], [0.1f, 0f], [0f, 0.1f], [10f, 10f], [10.1f, 10f], [10f, 10.1f], [0f, 0.05f]];
        int[] labels = [0, 0, 0, 1, 1, 1, -1];

        TripletMetrics m = TripletEvaluator.Evaluate(e, labels, 200, new Generator(3));

        m.TripletCount.Should().Be(200);
        m.Accuracy.Should().Be(1);
        m.UnlabelledRowCount.Should().Be(1);
        using JsonDocument json = JsonDocument.Parse(m.ToJson());
        json.RootElement.GetProperty("distance").GetString().Should().Be("Euclidean");
        json.RootElement.GetProperty("accuracy").GetDouble().Should().Be(1);
    }

    [Fact]
    public void Evaluate_SampledFromRandomEmbeddings_IsNearChance()
    {
        var g = new Generator(11);
        float[][] e = [.. Enumerable.Range(0, 60).Select(_ => new[] { (float)g.NextNormal(), (float)g.NextNormal(), (float)g.NextNormal() })];
        int[] labels = [.. Enumerable.Range(0, 60).Select(i => i % 3)];

        TripletMetrics m = TripletEvaluator.Evaluate(e, labels, 4000, new Generator(5));

        m.Accuracy.Should().BeInRange(0.42, 0.58, "labels carry no information about random points");
    }
}
