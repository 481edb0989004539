using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Reads a FER+ folder (FER2013Train, FER2013Valid, FER2013Test): <c>label.csv</c> with one row per
/// image and no header: image file name, "(x, y, w, h)" face box, then ten vote counts (neutral,
/// happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF); the PNGs lie beside it.
/// Rows carry the raw votes, the normalised emotion distribution and the label chosen by
/// <see cref="FerPlusReaderOptions.Mode"/>; rows the mode drops are listed as <see cref="SkipCause.Filtered"/>.
/// </summary>
public sealed class FerPlusReader : DatasetReader
{
    private const int FieldCount = 2 + FerPlusVoting.ColumnCount;
    private readonly FerPlusReaderOptions options;

    /// <summary>Creates a reader over <paramref name="folder"/>.</summary>
    /// <exception cref="DatasetFormatException">The folder or its label file does not exist.</exception>
    public FerPlusReader(string folder, FerPlusReaderOptions? options = null)
        : base(options ??= new FerPlusReaderOptions())
    {
        this.options = options;
        Folder = RequireFolder(folder, "FER+ folder");
        LabelFile = RequireFile(Path.Combine(Folder, options.LabelFileName), "FER+ label file");
    }

    /// <summary>The folder holding the label file and the images.</summary>
    public string Folder { get; }

    /// <summary>The label file.</summary>
    public string LabelFile { get; }

    /// <inheritdoc />
    public override string Source => LabelFile;

    /// <summary>The FER+ columns (<see cref="ExpressionTaxonomy.FerPlus"/>); labels use positions 0..7.</summary>
    public override LabelScheme Scheme => ExpressionTaxonomy.FerPlus;

    /// <inheritdoc />
    protected override IEnumerable<DatasetRow> ReadCore(SkippedRows skipped)
    {
        bool first = true;
        var votes = new float[FerPlusVoting.ColumnCount];
        foreach (var record in CsvRecordReader.ReadFile(LabelFile))
        {
            var origin = new RowOrigin(LabelFile, record.Line);
            // Tolerate a header line ("image, box, neutral, ...") though FER+ writes none.
            if (first && record.Count == FieldCount && string.Equals(record[2].Trim(), "neutral", StringComparison.OrdinalIgnoreCase))
            {
                first = false;
                continue;
            }
            first = false;
            if (record.Count != FieldCount)
            {
                Reject(skipped, origin, SkipCause.BadRow, $"expected {FieldCount} fields (image, \"(x, y, w, h)\", 10 vote counts), got {record.Count}.");
                continue;
            }
            string name = record[0].Trim();
            if (!FieldParse.IsSafeRelativePath(name))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"image name '{name}' is not a relative path inside the folder.");
                continue;
            }
            if (!FieldParse.TryBox(record[1], out var box))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"face box '{record[1]}' is not \"(x, y, w, h)\" with non-negative integers and positive size.");
                continue;
            }
            string? bad = ParseVotes(record, votes);
            if (bad is not null)
            {
                Reject(skipped, origin, SkipCause.BadRow, bad);
                continue;
            }
            int? label = FerPlusVoting.Decide(votes, options, out var distribution, out string? dropReason);
            if (label is not int position)
            {
                skipped.Add(origin, SkipCause.Filtered, dropReason!);
                continue;
            }
            string path = FieldParse.Resolve(Folder, name);
            if (!CheckImage(skipped, origin, path)) continue;
            yield return new DatasetRow(ImageSource.FromFile(path), origin)
            {
                Label = (Expression)position,
                LabelIndex = position,
                SourceLabel = Scheme[position].Name,
                Box = box,
                Votes = (float[])votes.Clone(),
                Distribution = distribution,
            };
        }
    }

    private static string? ParseVotes(CsvRecord record, float[] votes)
    {
        for (int i = 0; i < votes.Length; i++)
        {
            string s = record[2 + i];
            if (!FieldParse.TryFloat(s, out votes[i]) || votes[i] < 0)
                return $"vote count for '{ExpressionTaxonomy.FerPlus[i].Name}' (field {3 + i}) is '{s}'; expected a non-negative number.";
        }
        return null;
    }
}
