using System.Text;

namespace Fer.Trainers.Metrics;

/// <summary>Regression metrics of valence and arousal, each over the rows where that dimension's truth is present.</summary>
public sealed class ValenceArousalMetrics
{
    /// <summary>Metrics of valence.</summary>
    public required RegressionMetrics Valence { get; init; }

    /// <summary>Metrics of arousal.</summary>
    public required RegressionMetrics Arousal { get; init; }

    /// <summary>The metrics as JSON (camelCase; NaN written as "NaN").</summary>
    public string ToJson(bool indented = true) => MetricsJson.Serialize(this, indented);

    /// <summary>Reads metrics written by <see cref="ToJson"/>.</summary>
    /// <exception cref="System.Text.Json.JsonException">The text is not such JSON.</exception>
    public static ValenceArousalMetrics FromJson(string json) => MetricsJson.Deserialize<ValenceArousalMetrics>(json);

    /// <summary>Two lines: valence and arousal.</summary>
    public override string ToString() => $"Valence: {Valence}\nArousal: {Arousal}";

    /// <summary>A table with one row per metric and a column per dimension.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.Append("Valence/arousal metrics (valence: ").Append(Valence.RowCount).Append(" rows, ").Append(Valence.MissingCount)
            .Append(" missing; arousal: ").Append(Arousal.RowCount).Append(" rows, ").Append(Arousal.MissingCount).Append(" missing)\n");
        var rows = Valence.Rows().Zip(Arousal.Rows(), (v, a) => new[] { v.Name, TextTable.Number(v.Value), TextTable.Number(a.Value) });
        TextTable.Append(sb, ["Metric", "Valence", "Arousal"], [.. rows]);
        return sb.ToString();
    }
}
