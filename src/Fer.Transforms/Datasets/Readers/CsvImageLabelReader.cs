using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Reads a generic CSV of image paths and labels (RFC 4180, header required) with optional
/// valence, arousal and group columns, e.g. lfw-expressions' legend.csv ("image,emotion").
/// </summary>
public sealed class CsvImageLabelReader : DatasetReader
{
    private readonly CsvImageLabelReaderOptions options;

    /// <summary>Creates a reader over <paramref name="csvPath"/>, checking that the named columns exist.</summary>
    /// <exception cref="DatasetFormatException">The file or image folder does not exist, the file is empty, or a named column is missing.</exception>
    public CsvImageLabelReader(string csvPath, CsvImageLabelReaderOptions? options = null)
        : base(options ??= new CsvImageLabelReaderOptions())
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ImageColumn);
        this.options = options;
        File = RequireFile(csvPath, "CSV file");
        ImageFolder = RequireFolder(options.ImageFolder ?? Path.GetDirectoryName(File)!, "image folder");
        using var csv = CsvRecordReader.Open(File, options.Delimiter);
        var header = CsvHeader.Read(csv);
        CheckColumns(header);
        if (options.Scheme is not null) Scheme = options.Scheme;
        else if (options.AllowArbitraryLabels && options.LabelColumn is not null)
        {
            var labels = CollectLabels(csv, header.Require(options.LabelColumn), header.Count);
            try
            {
                Scheme = LabelScheme.FromNames(Path.GetFileNameWithoutExtension(File), labels);
            }
            catch (ArgumentException e)
            {
                throw new DatasetFormatException(File, 0, "the labels do not form a label scheme: " + e.Message, e);
            }
        }
        else Scheme = ExpressionTaxonomy.Canonical8;
    }

    /// <summary>The CSV file.</summary>
    public string File { get; }

    /// <summary>The folder image paths are relative to.</summary>
    public string ImageFolder { get; }

    /// <inheritdoc />
    public override string Source => File;

    /// <inheritdoc />
    public override LabelScheme Scheme { get; }

    /// <inheritdoc />
    protected override IEnumerable<DatasetRow> ReadCore(SkippedRows skipped)
    {
        using var csv = CsvRecordReader.Open(File, options.Delimiter);
        var h = CsvHeader.Read(csv);
        int imageColumn = h.Require(options.ImageColumn);
        int labelColumn = h.RequireOptional(options.LabelColumn);
        int valenceColumn = h.RequireOptional(options.ValenceColumn);
        int arousalColumn = h.RequireOptional(options.ArousalColumn);
        int groupColumn = h.RequireOptional(options.GroupColumn);
        while (csv.TryRead(out var record))
        {
            var origin = new RowOrigin(File, record.Line);
            if (record.Count != h.Count)
            {
                Reject(skipped, origin, SkipCause.BadRow, $"expected {h.Count} fields as in the header ({string.Join(", ", h.Names)}), got {record.Count}.");
                continue;
            }
            string relative = record[imageColumn].Trim();
            if (!FieldParse.IsSafeRelativePath(relative))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"image path '{relative}' is empty or not a relative path inside the image folder.");
                continue;
            }
            int position = -1;
            if (labelColumn >= 0 && !Scheme.TryParseNameOrCode(record[labelColumn], out position))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"label '{record[labelColumn]}' is not a class of label scheme '{Scheme.Name}'; expected one of: {string.Join(", ", Scheme.Names)}.");
                continue;
            }
            float? valence = null, arousal = null;
            if (!TryOptionalNumber(record, valenceColumn, out valence) || !TryOptionalNumber(record, arousalColumn, out arousal))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"valence/arousal must be numbers or empty, got '{(valenceColumn >= 0 ? record[valenceColumn] : "")}' / '{(arousalColumn >= 0 ? record[arousalColumn] : "")}'.");
                continue;
            }
            string path = FieldParse.Resolve(ImageFolder, relative);
            if (!CheckImage(skipped, origin, path)) continue;
            string? group = groupColumn >= 0 && record[groupColumn].Trim() is { Length: > 0 } g ? g
                : options.GroupIdFromFileName?.Invoke(Path.GetFileName(path));
            yield return new DatasetRow(ImageSource.FromFile(path), origin)
            {
                Label = position >= 0 ? Scheme.ExpressionAt(position) : null,
                LabelIndex = position,
                SourceLabel = position >= 0 ? record[labelColumn].Trim() : null,
                Valence = valence,
                Arousal = arousal,
                GroupId = group,
            };
        }
    }

    private void CheckColumns(CsvHeader header)
    {
        header.Require(options.ImageColumn);
        header.RequireOptional(options.LabelColumn);
        header.RequireOptional(options.ValenceColumn);
        header.RequireOptional(options.ArousalColumn);
        header.RequireOptional(options.GroupColumn);
    }

    private static SortedSet<string> CollectLabels(CsvRecordReader csv, int labelColumn, int fieldCount)
    {
        var labels = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        while (csv.TryRead(out var record))
            if (record.Count == fieldCount && record[labelColumn].Trim() is { Length: > 0 } label) labels.Add(label);
        if (labels.Count == 0) throw new DatasetFormatException(csv.FileName, 0, "has no labels in its label column.");
        return labels;
    }

    private static bool TryOptionalNumber(CsvRecord record, int column, out float? value)
    {
        value = null;
        if (column < 0 || record[column].Trim().Length == 0) return true;
        if (!FieldParse.TryFloat(record[column], out float f)) return false;
        value = f;
        return true;
    }
}
