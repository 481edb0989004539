using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Base of the dataset readers: a reader is created over a file or folder (whose existence is
/// checked at once), enumerates <see cref="DatasetRow"/>s lazily with <see cref="Read"/>, or reads
/// them all with <see cref="ReadAll"/>. Each enumeration reads the files again.
/// </summary>
public abstract class DatasetReader
{
    /// <summary>Creates a reader with common options.</summary>
    protected DatasetReader(DatasetReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CommonOptions = options;
    }

    /// <summary>The label order that <see cref="DatasetRow.LabelIndex"/> refers to (the dataset's own order).</summary>
    public abstract LabelScheme Scheme { get; }

    /// <summary>The file or folder being read.</summary>
    public abstract string Source { get; }

    /// <summary>The options shared by all readers.</summary>
    protected DatasetReaderOptions CommonOptions { get; }

    /// <summary>
    /// Enumerates the rows lazily, adding every row left out to <paramref name="skipped"/>.
    /// A malformed row throws <see cref="DatasetFormatException"/> during enumeration unless SkipBadRows is set.
    /// </summary>
    public IEnumerable<DatasetRow> Read(SkippedRows skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        return ReadCore(skipped);
    }

    /// <summary>Reads every row into memory.</summary>
    /// <exception cref="DatasetFormatException">A malformed row or missing image (without SkipBadRows).</exception>
    public DatasetReadResult ReadAll()
    {
        var skipped = new SkippedRows();
        var rows = ReadCore(skipped).ToList();
        return new DatasetReadResult(rows, skipped, Scheme);
    }

    /// <summary>The lazy enumeration a reader implements.</summary>
    protected abstract IEnumerable<DatasetRow> ReadCore(SkippedRows skipped);

    /// <summary>
    /// Handles a bad row: throws <see cref="DatasetFormatException"/>, or with SkipBadRows records it
    /// and returns (the caller then moves on to the next row).
    /// </summary>
    protected void Reject(SkippedRows skipped, RowOrigin origin, SkipCause cause, string reason)
    {
        if (cause != SkipCause.Filtered && !CommonOptions.SkipBadRows) throw new DatasetFormatException(origin, reason);
        skipped.Add(origin, cause, reason);
    }

    /// <summary>
    /// Whether the image at <paramref name="path"/> may be used: true when it exists or checks are
    /// off; otherwise rejects the row as <see cref="SkipCause.MissingImage"/> and returns false.
    /// </summary>
    protected bool CheckImage(SkippedRows skipped, RowOrigin origin, string path)
    {
        if (!CommonOptions.CheckImagesExist || File.Exists(path)) return true;
        Reject(skipped, origin, SkipCause.MissingImage, $"image file '{path}' does not exist.");
        return false;
    }

    /// <summary>Throws a clear error when <paramref name="path"/> is not an existing file.</summary>
    protected static string RequireFile(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new DatasetFormatException(full, 0, $"{what} does not exist (expected a file).");
        return full;
    }

    /// <summary>Throws a clear error when <paramref name="path"/> is not an existing folder.</summary>
    protected static string RequireFolder(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new DatasetFormatException(full, 0, $"{what} does not exist (expected a folder).");
        return full;
    }
}
