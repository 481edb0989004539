using System.Collections;
using System.Text;

namespace Fer.Transforms.Datasets;

/// <summary>
/// The rows a reader left out, in reading order, so nothing is lost silently: bad rows (with
/// SkipBadRows), missing images, and rows the labelling protocol filters out. Not thread-safe.
/// </summary>
public sealed class SkippedRows : IReadOnlyList<SkippedRow>
{
    private readonly List<SkippedRow> items = [];

    /// <inheritdoc />
    public int Count => items.Count;

    /// <inheritdoc />
    public SkippedRow this[int index] => items[index];

    /// <summary>Records a skipped row.</summary>
    public void Add(SkippedRow row) => items.Add(row);

    /// <summary>Records a skipped row.</summary>
    public void Add(RowOrigin origin, SkipCause cause, string reason) => items.Add(new SkippedRow(origin, cause, reason));

    /// <summary>How many rows were skipped for <paramref name="cause"/>.</summary>
    public int CountOf(SkipCause cause) => items.Count(r => r.Cause == cause);

    /// <summary>How many rows were skipped for each distinct reason, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> CountByReason() =>
        [.. items.GroupBy(r => r.Reason).Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)];

    /// <summary>A short summary: counts by cause and reason, and the first few bad rows.</summary>
    public string Summary(int examples = 5)
    {
        var sb = new StringBuilder();
        sb.Append(Count).Append(" rows skipped");
        foreach (var cause in Enum.GetValues<SkipCause>())
            if (CountOf(cause) is int n and > 0) sb.Append($"; {cause}: {n}");
        foreach (var r in items.Where(r => r.Cause != SkipCause.Filtered).Take(examples))
            sb.AppendLine().Append("  ").Append(r.ToString());
        return sb.ToString();
    }

    /// <inheritdoc />
    public IEnumerator<SkippedRow> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
