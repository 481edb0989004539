namespace Fer.Transforms.Datasets;

/// <summary>How an <see cref="ImageSource"/> holds its image.</summary>
public enum ImageSourceKind
{
    /// <summary>An encoded image file (JPEG, PNG) on disk.</summary>
    File,

    /// <summary>8-bit grey pixels in memory, row-major (FER2013 CSV).</summary>
    RawPixels,
}
