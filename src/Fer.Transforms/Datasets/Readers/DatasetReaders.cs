using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>Ready-made readers for the datasets whose layout is fixed.</summary>
public static class DatasetReaders
{
    /// <summary>
    /// The IVP thermal faces: <c>folder/&lt;class&gt;/N.jpg</c> with class folders anger, fear, happy,
    /// neutral, sad, surprise (<see cref="ExpressionTaxonomy.IvpThermal"/>). No person ids are known.
    /// </summary>
    /// <exception cref="DatasetFormatException">The folder is missing, or a class folder is not one of the six (without <paramref name="skipBadRows"/>).</exception>
    public static FolderPerClassReader IvpThermal(string folder, bool skipBadRows = false) =>
        new(folder, new FolderPerClassReaderOptions { Scheme = ExpressionTaxonomy.IvpThermal, SkipBadRows = skipBadRows });

    /// <summary>
    /// lfw-expressions: <c>folder/legend.csv</c> ("image,emotion") with images in <c>folder/images</c>;
    /// labels in <see cref="ExpressionTaxonomy.LfwExpressions"/>; person ids from the LFW-style file
    /// names (<see cref="PersonId.FromFileName"/>).
    /// </summary>
    /// <exception cref="DatasetFormatException">The legend, the image folder or a column is missing.</exception>
    public static CsvImageLabelReader LfwExpressions(string folder, bool skipBadRows = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return new CsvImageLabelReader(Path.Combine(folder, "legend.csv"), new CsvImageLabelReaderOptions
        {
            ImageColumn = "image",
            LabelColumn = "emotion",
            ImageFolder = Path.Combine(folder, "images"),
            Scheme = ExpressionTaxonomy.LfwExpressions,
            GroupIdFromFileName = PersonId.FromFileName,
            SkipBadRows = skipBadRows,
        });
    }
}
