namespace Fer.Transforms.Datasets;

/// <summary>Options of <see cref="RafDbReader"/>.</summary>
public sealed class RafDbReaderOptions : DatasetReaderOptions
{
    /// <summary>Inserted before the extension of each listed name, e.g. "_aligned" turns train_00001.jpg into train_00001_aligned.jpg (RAF-DB's aligned images); null (default) uses names as listed.</summary>
    public string? AlignedSuffix { get; set; }

    /// <summary>Keep only names starting with this partition and '_' ("train" or "test", ignoring case); null (default) keeps all.</summary>
    public string? Partition { get; set; }
}
