using System.Text;

namespace Fer.Trainers.Metrics;

/// <summary>
/// Metrics of a multiclass classifier over the labelled rows, as computed by
/// <see cref="MulticlassEvaluator"/> (definitions there, following scikit-learn).
/// </summary>
public sealed class MulticlassMetrics
{
    /// <summary>The declared classes, in index order (C names).</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>The number of labelled rows the metrics are computed over.</summary>
    public required int RowCount { get; init; }

    /// <summary>Rows skipped because their label was -1 (unlabelled).</summary>
    public required int UnlabelledRowCount { get; init; }

    /// <summary>The fraction of rows whose predicted label equals the true label.</summary>
    public required double Accuracy { get; init; }

    /// <summary>The mean recall over the classes that occur in the truth (scikit-learn's <c>balanced_accuracy_score</c>).</summary>
    public required double BalancedAccuracy { get; init; }

    /// <summary>The unweighted mean of per-class precision over all C declared classes.</summary>
    public required double MacroPrecision { get; init; }

    /// <summary>The unweighted mean of per-class recall over all C declared classes.</summary>
    public required double MacroRecall { get; init; }

    /// <summary>
    /// The unweighted mean of per-class F1 over all C declared classes (scikit-learn's
    /// <c>f1_score(average="macro", labels=range(C))</c>): a class absent from both truth and prediction counts as 0.
    /// </summary>
    public required double MacroF1 { get; init; }

    /// <summary>
    /// The unweighted mean of per-class F1 over the classes that occur in the truth or the prediction
    /// (scikit-learn's <c>f1_score(average="macro")</c> without <c>labels</c>).
    /// </summary>
    public required double MacroF1PresentClasses { get; init; }

    /// <summary>The mean of per-class F1 weighted by support (scikit-learn's <c>average="weighted"</c>).</summary>
    public required double WeightedF1 { get; init; }

    /// <summary>Cohen's kappa between truth and prediction; NaN when undefined (chance agreement is 1, e.g. a single class in both).</summary>
    public required double CohenKappa { get; init; }

    /// <summary>The mean negative log-probability of the true class (probabilities clipped to [1e-15, 1 - 1e-15]), or null without scores.</summary>
    public required double? LogLoss { get; init; }

    /// <summary>Top-k accuracies for the requested k (empty without scores).</summary>
    public required IReadOnlyList<TopKAccuracy> TopK { get; init; }

    /// <summary>Precision, recall, F1, support and prediction count of each declared class, in index order.</summary>
    public required IReadOnlyList<ClassMetrics> PerClass { get; init; }

    /// <summary>The confusion matrix (rows: true class, columns: predicted class).</summary>
    public required ConfusionMatrix ConfusionMatrix { get; init; }

    /// <summary>The top-k accuracy for <paramref name="k"/>.</summary>
    /// <exception cref="KeyNotFoundException">That k was not computed.</exception>
    public double GetTopKAccuracy(int k)
    {
        foreach (TopKAccuracy t in TopK)
            if (t.K == k) return t.Accuracy;
        throw new KeyNotFoundException($"Top-{k} accuracy was not computed; computed: {(TopK.Count == 0 ? "none (no scores)" : string.Join(", ", TopK.Select(t => t.K)))}.");
    }

    /// <summary>The metrics as JSON (camelCase; NaN written as "NaN").</summary>
    public string ToJson(bool indented = true) => MetricsJson.Serialize(this, indented);

    /// <summary>Reads metrics written by <see cref="ToJson"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">The text is not such JSON.</exception>
    public static MulticlassMetrics FromJson(string json) => MetricsJson.Deserialize<MulticlassMetrics>(json);

    /// <summary>One line: rows, accuracy, macro-F1, kappa, log-loss.</summary>
    public override string ToString()
    {
        string logLoss = LogLoss is double l ? $", log-loss {TextTable.Number(l)}" : "";
        return $"{RowCount} rows, {ClassNames.Count} classes: accuracy {TextTable.Number(Accuracy)}, macro-F1 {TextTable.Number(MacroF1)}, " +
            $"weighted-F1 {TextTable.Number(WeightedF1)}, kappa {TextTable.Number(CohenKappa)}{logLoss}";
    }

    /// <summary>A readable report: summary metrics, a per-class table and the confusion matrix (counts and row-normalised).</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.Append("Multiclass metrics over ").Append(RowCount).Append(" labelled rows");
        if (UnlabelledRowCount > 0) sb.Append(" (").Append(UnlabelledRowCount).Append(" unlabelled rows skipped)");
        sb.Append('\n');
        var summary = new List<string[]>
        {
            new[] { "Accuracy", TextTable.Number(Accuracy) },
            new[] { "Balanced accuracy", TextTable.Number(BalancedAccuracy) },
            new[] { "Macro precision", TextTable.Number(MacroPrecision) },
            new[] { "Macro recall", TextTable.Number(MacroRecall) },
            new[] { $"Macro F1 ({ClassNames.Count} classes)", TextTable.Number(MacroF1) },
            new[] { "Macro F1 (present classes)", TextTable.Number(MacroF1PresentClasses) },
            new[] { "Weighted F1", TextTable.Number(WeightedF1) },
            new[] { "Cohen's kappa", TextTable.Number(CohenKappa) },
        };
        if (LogLoss is double logLoss) summary.Add(["Log-loss", TextTable.Number(logLoss)]);
        foreach (TopKAccuracy t in TopK) summary.Add([$"Top-{t.K} accuracy", TextTable.Number(t.Accuracy)]);
        TextTable.Append(sb, ["Metric", "Value"], summary);
        sb.Append("\nPer class:\n");
        TextTable.Append(sb, ["Class", "Precision", "Recall", "F1", "Support", "Predicted"],
            [.. PerClass.Select(c => new[] { c.Name, TextTable.Number(c.Precision), TextTable.Number(c.Recall), TextTable.Number(c.F1), TextTable.Count(c.Support), TextTable.Count(c.Predicted) })]);
        sb.Append("\nConfusion matrix (counts; rows: true, columns: predicted):\n");
        ConfusionMatrix.AppendTable(sb, normalized: false);
        sb.Append("\nConfusion matrix (each true-class row divided by its support):\n");
        ConfusionMatrix.AppendTable(sb, normalized: true);
        return sb.ToString();
    }
}
