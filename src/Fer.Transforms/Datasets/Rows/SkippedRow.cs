namespace Fer.Transforms.Datasets;

/// <summary>A row a reader left out: where it was, why, and in words.</summary>
public readonly record struct SkippedRow(RowOrigin Origin, SkipCause Cause, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Origin}: {Cause}: {Reason}";
}
