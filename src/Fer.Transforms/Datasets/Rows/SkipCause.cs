namespace Fer.Transforms.Datasets;

/// <summary>Why a reader left a row out.</summary>
public enum SkipCause
{
    /// <summary>The row is malformed (wrong column count, bad number, unknown label...); skipped only with SkipBadRows.</summary>
    BadRow,

    /// <summary>The row's image file does not exist; skipped only with SkipBadRows.</summary>
    MissingImage,

    /// <summary>The row is well formed but the labelling protocol or an option drops it (FER+ tie or unknown majority, AffectNet 'None', contempt excluded, not an image file...).</summary>
    Filtered,
}
