namespace Fer.Transforms.Datasets;

/// <summary>Options of <see cref="Fer2013CsvReader"/>.</summary>
public sealed class Fer2013CsvReaderOptions : DatasetReaderOptions
{
    /// <summary>Keep only rows whose Usage column is one of these, ignoring case (e.g. "Training", "PublicTest", "PrivateTest"); null (default) keeps all.</summary>
    public IReadOnlyCollection<string>? Usages { get; set; }

    /// <summary>Image width in pixels (default 48).</summary>
    public int Width { get; set; } = 48;

    /// <summary>Image height in pixels (default 48).</summary>
    public int Height { get; set; } = 48;
}
