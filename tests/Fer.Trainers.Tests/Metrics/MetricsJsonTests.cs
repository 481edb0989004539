using System.Text.Json;
using Fer.Tensors.Random;
using Fer.Trainers.Metrics;

namespace Fer.Trainers.Tests.Metrics;

public sealed class MetricsJsonTests
{
    [Fact]
    public void MulticlassMetrics_JsonRoundTrip_KeepsEveryValueIncludingNaN()
    {
        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 0, -1], [[0.9f, 0.1f, 0f], [0.6f, 0.3f, 0.1f], [0.2f, 0.2f, 0.6f]], classNames: ["a", "b", "c"]);
        m.CohenKappa.Should().Be(double.NaN, "a single class in truth and prediction");

        MulticlassMetrics back = MulticlassMetrics.FromJson(m.ToJson());

        back.Should().BeEquivalentTo(m);
        back.ConfusionMatrix.Counts.Should().BeEquivalentTo(m.ConfusionMatrix.Counts, o => o.WithStrictOrdering());
    }

    [Fact]
    public void OtherMetrics_JsonRoundTrip_KeepEveryValue()
    {
        ValenceArousalMetrics va = RegressionEvaluator.EvaluateValenceArousal([0.5f, 0.5f], [0.5f, 0.5f], [0.1f, float.NaN], [0.2f, 0f]);
        TripletMetrics t = TripletEvaluator.Evaluate([[0f], [1f], [5f], [6f]], [0, 0, 1, 1], 20, new Generator(1), DistanceMetric.Cosine);

        ValenceArousalMetrics.FromJson(va.ToJson(indented: false)).Should().BeEquivalentTo(va);
        RegressionMetrics.FromJson(va.Arousal.ToJson()).Should().BeEquivalentTo(va.Arousal);
        TripletMetrics.FromJson(t.ToJson()).Should().BeEquivalentTo(t);
    }

    [Fact]
    public void FromJson_MissingRequiredMember_Throws()
    {
        FluentActions.Invoking(() => RegressionMetrics.FromJson("{\"rowCount\": 3}")).Should().Throw<JsonException>();
        FluentActions.Invoking(() => RegressionMetrics.FromJson("null")).Should().Throw<JsonException>();
    }
}
