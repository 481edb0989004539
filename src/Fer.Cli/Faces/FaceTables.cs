using System.Globalization;
using Fer.Cli.Infrastructure;
using Fer.Cli.Rendering;
using Spectre.Console;

namespace Fer.Cli.Faces;

/// <summary>The table of faces that demo, detect and predict print.</summary>
internal static class FaceTables
{
    public static void Print(CliConsole console, IReadOnlyList<PhotoResult> photos, bool expressions)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("file", "face", "box (x, y, w, h)", "detector");
        if (expressions) table.AddColumns("expression", "probability");
        foreach (PhotoResult photo in photos)
        {
            string name = Markup.Escape(Path.GetFileName(photo.File));
            if (photo.Faces.Count == 0)
            {
                table.AddRow([name, "-", "no face found", "", .. expressions ? new[] { "", "" } : []]);
                continue;
            }
            foreach (FaceResult f in photo.Faces)
            {
                string score = f.DetectorScore.ToString("0.00", CultureInfo.InvariantCulture);
                if (!expressions || f.Expression is null)
                {
                    table.AddRow([name, f.Index.ToString(CultureInfo.InvariantCulture), HtmlReport.Box(f), score, .. expressions ? new[] { "", "" } : []]);
                    continue;
                }
                table.AddRow(name, f.Index.ToString(CultureInfo.InvariantCulture), HtmlReport.Box(f), score,
                    Markup.Escape(ExpressionStyle.Name(f.Expression)), ExpressionStyle.Probability(f.Expression).ToString("0.000", CultureInfo.InvariantCulture));
            }
        }
        console.Out.Write(table);
    }
}
