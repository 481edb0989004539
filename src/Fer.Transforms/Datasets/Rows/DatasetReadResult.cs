using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>The rows a reader produced, the rows it left out, and the label scheme the rows' <see cref="DatasetRow.LabelIndex"/> refers to.</summary>
public sealed class DatasetReadResult
{
    /// <summary>Creates a result.</summary>
    public DatasetReadResult(IReadOnlyList<DatasetRow> rows, SkippedRows skipped, LabelScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(skipped);
        ArgumentNullException.ThrowIfNull(scheme);
        Rows = rows;
        Skipped = skipped;
        Scheme = scheme;
    }

    /// <summary>The rows read, in file order.</summary>
    public IReadOnlyList<DatasetRow> Rows { get; }

    /// <summary>The rows left out, with file, line and reason.</summary>
    public SkippedRows Skipped { get; }

    /// <summary>The label order of <see cref="DatasetRow.LabelIndex"/>.</summary>
    public LabelScheme Scheme { get; }

    /// <summary>Rows per class, indexed by scheme position (unlabelled rows are not counted).</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Scheme.Count];
        foreach (var r in Rows)
            if ((uint)r.LabelIndex < (uint)counts.Length) counts[r.LabelIndex]++;
        return counts;
    }
}
