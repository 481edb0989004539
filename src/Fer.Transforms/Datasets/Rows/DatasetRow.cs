using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// One labelled (or unlabelled) face image of a dataset, as a reader produced it. The image is
/// not decoded. Optional fields are null where the dataset has no such information.
/// </summary>
public sealed class DatasetRow
{
    /// <summary>Creates a row for <paramref name="image"/> read at <paramref name="origin"/>.</summary>
    public DatasetRow(ImageSource image, RowOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(image);
        Image = image;
        Origin = origin;
    }

    /// <summary>The image: a file path or raw grey pixels.</summary>
    public ImageSource Image { get; }

    /// <summary>Where the row came from, for error messages.</summary>
    public RowOrigin Origin { get; }

    /// <summary>The canonical expression, or null when unlabelled or the label is not an expression (arbitrary folder labels).</summary>
    public Expression? Label { get; init; }

    /// <summary>The label's position in the reader's label scheme (its own label order), or -1 when unlabelled.</summary>
    public int LabelIndex { get; init; } = -1;

    /// <summary>The label as the dataset wrote it (class folder name, code, or FER+ column name of the winning vote).</summary>
    public string? SourceLabel { get; init; }

    /// <summary>The face rectangle, when the dataset gives one.</summary>
    public FaceBox? Box { get; init; }

    /// <summary>Valence in [-1, 1], when the dataset gives one (AffectNet).</summary>
    public float? Valence { get; init; }

    /// <summary>Arousal in [-1, 1], when the dataset gives one (AffectNet).</summary>
    public float? Arousal { get; init; }

    /// <summary>Raw annotator vote counts in the dataset's column order (FER+: 10 values, neutral..contempt, unknown, NF).</summary>
    public float[]? Votes { get; init; }

    /// <summary>The label distribution over the reader's emotion classes, summing to 1 (FER+: 8 values in <see cref="Expression"/> order).</summary>
    public float[]? Distribution { get; init; }

    /// <summary>Facial landmarks as x0, y0, x1, y1, ... in image pixels (AffectNet: 68 points).</summary>
    public float[]? Landmarks { get; init; }

    /// <summary>The person (or other group) the image shows, for person-wise splits; null when unknown.</summary>
    public string? GroupId { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Image} [{SourceLabel ?? "unlabelled"}] at {Origin}";
}
