namespace Fer.Transforms.Datasets;

/// <summary>Where a row came from: the file (label file, or the image itself for folder datasets) and its 1-based line, 0 when not line-based.</summary>
public readonly record struct RowOrigin(string File, int Line)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}, line {Line}" : File;
}
