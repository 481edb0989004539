namespace Fer.Trainers.Metrics;

/// <summary>How well embeddings keep same-class rows closer than other-class rows, from <see cref="TripletEvaluator"/>.</summary>
public sealed class TripletMetrics
{
    /// <summary>The number of triplets scored.</summary>
    public required int TripletCount { get; init; }

    /// <summary>The distance used.</summary>
    public required DistanceMetric Distance { get; init; }

    /// <summary>The fraction of triplets with d(anchor, positive) strictly below d(anchor, negative) (ties count as misses).</summary>
    public required double Accuracy { get; init; }

    /// <summary>The mean anchor-positive distance.</summary>
    public required double MeanPositiveDistance { get; init; }

    /// <summary>The mean anchor-negative distance.</summary>
    public required double MeanNegativeDistance { get; init; }

    /// <summary>Rows left out of sampling because their label was -1 (0 when triplets were given).</summary>
    public int UnlabelledRowCount { get; init; }

    /// <summary>The metrics as JSON (camelCase).</summary>
    public string ToJson(bool indented = true) => MetricsJson.Serialize(this, indented);

    /// <summary>Reads metrics written by <see cref="ToJson"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">The text is not such JSON.</exception>
    public static TripletMetrics FromJson(string json) => MetricsJson.Deserialize<TripletMetrics>(json);

    /// <summary>One line with every metric.</summary>
    public override string ToString() =>
        $"{TripletCount} triplets ({Distance}): accuracy {TextTable.Number(Accuracy)}, mean d(a,p) {TextTable.Number(MeanPositiveDistance)}, " +
        $"mean d(a,n) {TextTable.Number(MeanNegativeDistance)}" + (UnlabelledRowCount > 0 ? $", {UnlabelledRowCount} unlabelled rows skipped" : "");
}
