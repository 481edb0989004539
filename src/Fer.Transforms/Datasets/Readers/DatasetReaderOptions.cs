namespace Fer.Transforms.Datasets;

/// <summary>Options every dataset reader has.</summary>
public class DatasetReaderOptions
{
    /// <summary>
    /// When false (default) a malformed row or a missing image throws <see cref="DatasetFormatException"/>;
    /// when true such rows are skipped and listed in the <see cref="SkippedRows"/> with file, line and reason.
    /// </summary>
    public bool SkipBadRows { get; set; }

    /// <summary>Check that each row's image file exists while reading (default true). Raw-pixel rows need no check.</summary>
    public bool CheckImagesExist { get; set; } = true;
}
