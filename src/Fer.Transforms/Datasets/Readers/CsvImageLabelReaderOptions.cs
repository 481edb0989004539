using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>Options of <see cref="CsvImageLabelReader"/>: which columns hold what.</summary>
public sealed class CsvImageLabelReaderOptions : DatasetReaderOptions
{
    /// <summary>The column with image paths, relative to <see cref="ImageFolder"/> (default "image").</summary>
    public string ImageColumn { get; set; } = "image";

    /// <summary>The column with labels (default "label"); null reads unlabelled rows.</summary>
    public string? LabelColumn { get; set; } = "label";

    /// <summary>An optional column with valence values.</summary>
    public string? ValenceColumn { get; set; }

    /// <summary>An optional column with arousal values.</summary>
    public string? ArousalColumn { get; set; }

    /// <summary>An optional column with person/group ids (takes precedence over <see cref="GroupIdFromFileName"/>).</summary>
    public string? GroupColumn { get; set; }

    /// <summary>The folder image paths are relative to; null (default) means the CSV's folder.</summary>
    public string? ImageFolder { get; set; }

    /// <summary>
    /// The scheme labels must belong to (by name, synonym, or integer code). When null (default)
    /// labels are expression names parsed into <see cref="ExpressionTaxonomy.Canonical8"/>, unless
    /// <see cref="AllowArbitraryLabels"/> is set.
    /// </summary>
    public LabelScheme? Scheme { get; set; }

    /// <summary>With no <see cref="Scheme"/>, accept any label: the scheme is the sorted distinct labels of the file (read once more up front).</summary>
    public bool AllowArbitraryLabels { get; set; }

    /// <summary>Computes a row's person/group id from its image file name (e.g. <see cref="PersonId.FromFileName"/>).</summary>
    public Func<string, string?>? GroupIdFromFileName { get; set; }

    /// <summary>The field delimiter (default ',').</summary>
    public char Delimiter { get; set; } = ',';
}
