using System.Globalization;
using Fer.Cli.Infrastructure;
using Fer.MLNet.Evaluation;
using Fer.MLNet.Persistence.Zip;
using Fer.Trainers.Metrics;
using Spectre.Console;

namespace Fer.Cli.Evaluation;

/// <summary>Prints multiclass metrics (with the one line <c>accuracy: 0.xxxx</c> that scripts grep for) and writes the report folder.</summary>
internal static class MetricsOutput
{
    /// <summary>The summary lines, then the per-class table and the confusion matrix.</summary>
    public static void Print(CliConsole console, MulticlassMetrics m)
    {
        console.Line($"rows: {m.RowCount}" + (m.UnlabelledRowCount > 0 ? $" ({m.UnlabelledRowCount} unlabelled rows skipped)" : ""));
        console.Line($"accuracy: {F(m.Accuracy)}");
        console.Line($"balanced accuracy: {F(m.BalancedAccuracy)}");
        console.Line($"macro F1: {F(m.MacroF1)}");
        console.Line($"weighted F1: {F(m.WeightedF1)}");
        console.Line($"Cohen's kappa: {F(m.CohenKappa)}");
        if (m.LogLoss is double l) console.Line($"log-loss: {F(l)}");
        foreach (TopKAccuracy t in m.TopK) console.Line($"top-{t.K} accuracy: {F(t.Accuracy)}");

        var perClass = new Table().Border(TableBorder.Simple).Title("per class");
        perClass.AddColumns("class", "precision", "recall", "F1", "support", "predicted");
        foreach (ClassMetrics c in m.PerClass)
            perClass.AddRow(Markup.Escape(c.Name), F(c.Precision), F(c.Recall), F(c.F1), I(c.Support), I(c.Predicted));
        console.Out.Write(perClass);

        ConfusionMatrix cm = m.ConfusionMatrix;
        var matrix = new Table().Border(TableBorder.Simple).Title("confusion matrix (rows: true, columns: predicted)");
        matrix.AddColumn("true \\ predicted");
        foreach (string name in cm.ClassNames) matrix.AddColumn(new TableColumn(Markup.Escape(Short(name))).RightAligned());
        for (int t = 0; t < cm.ClassCount; t++)
            matrix.AddRow([Markup.Escape(cm.ClassNames[t]), .. Enumerable.Range(0, cm.ClassCount).Select(p => I(cm[t, p]))]);
        console.Out.Write(matrix);
    }

    /// <summary>Writes confusion_matrix.png, metrics.txt and metrics.json into <paramref name="folder"/> (created if needed).</summary>
    public static void WriteReport(string folder, MulticlassMetrics m, string title, IEnumerable<string> notes)
    {
        Directory.CreateDirectory(folder);
        ConfusionMatrixPlot.Save(m.ConfusionMatrix, Path.Combine(folder, "confusion_matrix.png"), title);
        string text = string.Join('\n', notes.Prepend(title)) + "\n\n" + m.ToTable();
        WriteText(Path.Combine(folder, "metrics.txt"), text);
        WriteText(Path.Combine(folder, "metrics.json"), m.ToJson());
    }

    /// <summary>Writes text atomically (a temporary file renamed), creating the folder.</summary>
    public static void WriteText(string path, string text)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
    }

    internal static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Short(string name) => name.Length > 10 ? name[..10] : name;
}
