namespace Fer.Transforms.Datasets;

/// <summary>Options of <see cref="AffectNetCsvReader"/>.</summary>
public sealed class AffectNetCsvReaderOptions : DatasetReaderOptions
{
    /// <summary>The folder that <c>subDirectory_filePath</c> is relative to; null (default) means the CSV's folder.</summary>
    public string? ImageFolder { get; set; }

    /// <summary>Drop rows with expression 8 (None), 9 (Uncertain) or 10 (Non-Face) (default true; listed as filtered). When false they are kept with a null <see cref="DatasetRow.Label"/>.</summary>
    public bool DropNonExpressions { get; set; } = true;

    /// <summary>Keep contempt rows (code 7; default true). When false they are dropped (listed as filtered).</summary>
    public bool IncludeContempt { get; set; } = true;
}
