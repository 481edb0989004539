using System.Globalization;
using System.Text;

namespace Fer.Trainers.Metrics;

/// <summary>Plain-text tables for the metrics' ToTable(): first column left-aligned, the others right-aligned.</summary>
internal static class TextTable
{
    /// <summary>A metric value with 4 decimals, invariant culture ("NaN" for NaN).</summary>
    public static string Number(double value) => double.IsNaN(value) ? "NaN" : value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>An integer, invariant culture.</summary>
    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats <paramref name="rows"/> under <paramref name="header"/>, each line indented by <paramref name="indent"/>.</summary>
    public static void Append(StringBuilder sb, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, string indent = "  ")
    {
        var widths = new int[header.Count];
        for (int c = 0; c < header.Count; c++)
        {
            widths[c] = header[c].Length;
            foreach (string[] row in rows) widths[c] = Math.Max(widths[c], row[c].Length);
        }
        AppendLine(sb, header, widths, indent);
        foreach (string[] row in rows) AppendLine(sb, row, widths, indent);
    }

    private static void AppendLine(StringBuilder sb, IReadOnlyList<string> cells, int[] widths, string indent)
    {
        sb.Append(indent);
        for (int c = 0; c < cells.Count; c++)
        {
            if (c > 0) sb.Append("  ");
            sb.Append(c == 0 ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]));
        }
        // No trailing spaces when the last column is short.
        int end = sb.Length;
        while (end > 0 && sb[end - 1] == ' ') end--;
        sb.Length = end;
        sb.Append('\n');
    }
}
