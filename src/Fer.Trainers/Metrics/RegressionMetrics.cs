using System.Text;

namespace Fer.Trainers.Metrics;

/// <summary>Metrics of one regressed quantity (e.g. valence), computed by <see cref="RegressionEvaluator"/> (definitions there).</summary>
public sealed class RegressionMetrics
{
    /// <summary>The number of (truth, prediction) pairs used.</summary>
    public required int RowCount { get; init; }

    /// <summary>Pairs skipped because the truth was NaN (missing).</summary>
    public required int MissingCount { get; init; }

    /// <summary>Root mean squared error.</summary>
    public required double Rmse { get; init; }

    /// <summary>Mean absolute error.</summary>
    public required double Mae { get; init; }

    /// <summary>Pearson's correlation coefficient; NaN when truth or prediction is constant.</summary>
    public required double Pcc { get; init; }

    /// <summary>Lin's concordance correlation coefficient (population statistics); NaN when truth and prediction are the same constant.</summary>
    public required double Ccc { get; init; }

    /// <summary>Sign agreement: the fraction of pairs with sign(truth) = sign(prediction), where sign(0) = 0.</summary>
    public required double Sagr { get; init; }

    /// <summary>The coefficient of determination 1 - SS_res / SS_tot (1 or 0 for constant truth, as scikit-learn).</summary>
    public required double RSquared { get; init; }

    /// <summary>The metrics as JSON (camelCase; NaN written as "NaN").</summary>
    public string ToJson(bool indented = true) => MetricsJson.Serialize(this, indented);

    /// <summary>Reads metrics written by <see cref="ToJson"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">The text is not such JSON.</exception>
    public static RegressionMetrics FromJson(string json) => MetricsJson.Deserialize<RegressionMetrics>(json);

    /// <summary>One line with every metric.</summary>
    public override string ToString() =>
        $"{RowCount} rows ({MissingCount} missing): RMSE {TextTable.Number(Rmse)}, MAE {TextTable.Number(Mae)}, PCC {TextTable.Number(Pcc)}, " +
        $"CCC {TextTable.Number(Ccc)}, SAGR {TextTable.Number(Sagr)}, R² {TextTable.Number(RSquared)}";

    /// <summary>A two-column text table of the metrics.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.Append("Regression metrics over ").Append(RowCount).Append(" rows");
        if (MissingCount > 0) sb.Append(" (").Append(MissingCount).Append(" with missing truth skipped)");
        sb.Append('\n');
        TextTable.Append(sb, ["Metric", "Value"], [.. Rows().Select(r => new[] { r.Name, TextTable.Number(r.Value) })]);
        return sb.ToString();
    }

    internal IEnumerable<(string Name, double Value)> Rows()
    {
        yield return ("RMSE", Rmse);
        yield return ("MAE", Mae);
        yield return ("PCC", Pcc);
        yield return ("CCC", Ccc);
        yield return ("SAGR", Sagr);
        yield return ("R²", RSquared);
    }
}
