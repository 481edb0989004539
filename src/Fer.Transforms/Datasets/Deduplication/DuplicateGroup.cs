namespace Fer.Transforms.Datasets;

/// <summary>Rows whose images have identical content; the first (in input order) is the one kept.</summary>
public sealed class DuplicateGroup
{
    internal DuplicateGroup(string hash, IReadOnlyList<DatasetRow> rows)
    {
        Hash = hash;
        Rows = rows;
        LabelsAgree = rows.All(r => r.LabelIndex == rows[0].LabelIndex);
    }

    /// <summary>The content hash, lower-case hex.</summary>
    public string Hash { get; }

    /// <summary>The rows, in input order (two or more).</summary>
    public IReadOnlyList<DatasetRow> Rows { get; }

    /// <summary>The row kept.</summary>
    public DatasetRow Kept => Rows[0];

    /// <summary>Whether every copy has the same label index (copies with different labels are label noise).</summary>
    public bool LabelsAgree { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Rows.Count} copies of {Kept.Image}: {string.Join(", ", Rows.Skip(1).Select(r => r.Origin.ToString()))}";
}
