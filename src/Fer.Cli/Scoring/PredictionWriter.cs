using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fer.Cli.Evaluation;
using Fer.Cli.Infrastructure;

namespace Fer.Cli.Scoring;

/// <summary>Writes predictions as CSV (one row per prediction, a column per class) or JSON (an array of objects), chosen by the extension.</summary>
internal static class PredictionWriter
{
    public static void Write(string path, IReadOnlyList<string> classes, IReadOnlyList<PredictionRow> rows)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        string text = ext switch
        {
            ".csv" => Csv(classes, rows),
            ".json" => Json(classes, rows),
            _ => throw new CliException($"--output '{path}' must end in .csv or .json."),
        };
        MetricsOutput.WriteText(path, text);
    }

    internal static string Csv(IReadOnlyList<string> classes, IReadOnlyList<PredictionRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', ["file", "face", "x", "y", "width", "height", "expression", "probability", .. classes.Select(Quote)]).Append('\n');
        foreach (PredictionRow r in rows)
        {
            string[] box = r.Box is { } b ? [N(b.X), N(b.Y), N(b.Width), N(b.Height)] : ["", "", "", ""];
            sb.AppendJoin(',', [Quote(r.File), r.Face?.ToString(CultureInfo.InvariantCulture) ?? "", .. box, Quote(r.Expression), P(r.Probability), .. r.Probabilities.Select(P)]).Append('\n');
        }
        return sb.ToString();
    }

    internal static string Json(IReadOnlyList<string> classes, IReadOnlyList<PredictionRow> rows)
    {
        var array = new JsonArray();
        foreach (PredictionRow r in rows)
        {
            var probabilities = new JsonObject();
            for (int i = 0; i < classes.Count; i++) probabilities[classes[i]] = Math.Round(r.Probabilities[i], 6);
            var o = new JsonObject { ["file"] = r.File };
            if (r.Face is int f) o["face"] = f;
            if (r.Box is { } b) o["box"] = new JsonObject { ["x"] = Math.Round(b.X, 2), ["y"] = Math.Round(b.Y, 2), ["width"] = Math.Round(b.Width, 2), ["height"] = Math.Round(b.Height, 2) };
            o["expression"] = r.Expression;
            o["probability"] = Math.Round(r.Probability, 6);
            o["probabilities"] = probabilities;
            array.Add(o);
        }
        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string N(float v) => Math.Round(v, 2).ToString(CultureInfo.InvariantCulture);

    private static string P(float v) => v.ToString("0.######", CultureInfo.InvariantCulture);
}
