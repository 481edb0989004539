using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Reads AffectNet's manually annotated CSV (training.csv, validation.csv): header with
/// <c>subDirectory_filePath</c> and <c>expression</c> (required), and <c>face_x, face_y,
/// face_width, face_height</c>, <c>facial_landmarks</c> (semicolon-separated x;y floats),
/// <c>valence</c>, <c>arousal</c> (optional columns). Valence or arousal -2 means missing (null);
/// other values must lie in [-1, 1].
/// </summary>
public sealed class AffectNetCsvReader : DatasetReader
{
    private const float MissingAffect = -2f;
    private readonly AffectNetCsvReaderOptions options;

    /// <summary>Creates a reader over <paramref name="csvPath"/>.</summary>
    /// <exception cref="DatasetFormatException">The file or the image folder does not exist.</exception>
    public AffectNetCsvReader(string csvPath, AffectNetCsvReaderOptions? options = null)
        : base(options ??= new AffectNetCsvReaderOptions())
    {
        this.options = options;
        File = RequireFile(csvPath, "AffectNet CSV file");
        ImageFolder = RequireFolder(options.ImageFolder ?? Path.GetDirectoryName(File)!, "AffectNet image folder");
    }

    /// <summary>The CSV file.</summary>
    public string File { get; }

    /// <summary>The folder image paths are relative to.</summary>
    public string ImageFolder { get; }

    /// <inheritdoc />
    public override string Source => File;

    /// <inheritdoc />
    public override LabelScheme Scheme => ExpressionTaxonomy.AffectNet;

    /// <inheritdoc />
    protected override IEnumerable<DatasetRow> ReadCore(SkippedRows skipped)
    {
        using var csv = CsvRecordReader.Open(File);
        var h = CsvHeader.Read(csv);
        int pathColumn = h.Require("subDirectory_filePath");
        int expressionColumn = h.Require("expression");
        int[] boxColumns = [h.IndexOf("face_x"), h.IndexOf("face_y"), h.IndexOf("face_width"), h.IndexOf("face_height")];
        bool hasBox = boxColumns.All(c => c >= 0);
        int landmarkColumn = h.IndexOf("facial_landmarks");
        int valenceColumn = h.IndexOf("valence");
        int arousalColumn = h.IndexOf("arousal");
        while (csv.TryRead(out var record))
        {
            var origin = new RowOrigin(File, record.Line);
            if (record.Count != h.Count)
            {
                Reject(skipped, origin, SkipCause.BadRow, $"expected {h.Count} fields as in the header, got {record.Count}.");
                continue;
            }
            string relative = record[pathColumn].Trim();
            if (!FieldParse.IsSafeRelativePath(relative))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"image path '{relative}' is not a relative path inside the image folder.");
                continue;
            }
            if (!FieldParse.TryInt(record[expressionColumn], out int code) || !Scheme.TryGetPositionOfCode(code, out int position))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"expression '{record[expressionColumn]}' is not an AffectNet code; expected an integer {Scheme.DescribeCodes()}.");
                continue;
            }
            var expression = Scheme.ExpressionAt(position);
            if (expression is null && options.DropNonExpressions)
            {
                skipped.Add(origin, SkipCause.Filtered, $"expression {code} ({Scheme[position].Name}) is not an expression");
                continue;
            }
            if (expression == Expression.Contempt && !options.IncludeContempt)
            {
                skipped.Add(origin, SkipCause.Filtered, "contempt excluded");
                continue;
            }
            FaceBox? box = null;
            if (hasBox)
            {
                if (!TryBox(record, boxColumns, out var b))
                {
                    Reject(skipped, origin, SkipCause.BadRow, $"face box ({string.Join(", ", boxColumns.Select(c => record[c]))}) is not non-negative integers with positive width and height.");
                    continue;
                }
                box = b;
            }
            float[]? landmarks = null;
            if (landmarkColumn >= 0 && !TryLandmarks(record[landmarkColumn], out landmarks))
            {
                Reject(skipped, origin, SkipCause.BadRow, "facial_landmarks is not an even number of ';'-separated numbers (x;y pairs).");
                continue;
            }
            float? valence = null, arousal = null;
            if ((valenceColumn >= 0 && !TryAffect(record[valenceColumn], out valence)) || (arousalColumn >= 0 && !TryAffect(record[arousalColumn], out arousal)))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"valence '{(valenceColumn >= 0 ? record[valenceColumn] : "")}' / arousal '{(arousalColumn >= 0 ? record[arousalColumn] : "")}' must be numbers in [-1, 1], or -2 for missing.");
                continue;
            }
            string path = FieldParse.Resolve(ImageFolder, relative);
            if (!CheckImage(skipped, origin, path)) continue;
            yield return new DatasetRow(ImageSource.FromFile(path), origin)
            {
                Label = expression,
                LabelIndex = position,
                SourceLabel = record[expressionColumn].Trim(),
                Box = box,
                Landmarks = landmarks,
                Valence = valence,
                Arousal = arousal,
            };
        }
    }

    private static bool TryBox(CsvRecord record, int[] columns, out FaceBox box)
    {
        box = default;
        Span<int> v = stackalloc int[4];
        for (int i = 0; i < 4; i++)
        {
            if (!FieldParse.TryFloat(record[columns[i]], out float f) || f < 0 || f != MathF.Round(f) || f > int.MaxValue) return false;
            v[i] = (int)f;
        }
        if (v[2] <= 0 || v[3] <= 0) return false;
        box = new FaceBox(v[0], v[1], v[2], v[3]);
        return true;
    }

    private static bool TryLandmarks(string text, out float[]? landmarks)
    {
        landmarks = null;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty) return true;
        var values = new List<float>(136);
        foreach (var range in s.Split(';'))
        {
            var part = s[range];
            if (part.Trim().IsEmpty && range.End.GetOffset(s.Length) == s.Length) continue; // trailing ';'
            if (!FieldParse.TryFloat(part, out float f)) return false;
            values.Add(f);
        }
        if (values.Count == 0 || values.Count % 2 != 0) return false;
        landmarks = [.. values];
        return true;
    }

    private static bool TryAffect(string text, out float? value)
    {
        value = null;
        if (!FieldParse.TryFloat(text, out float f)) return false;
        if (f == MissingAffect) return true;
        if (f < -1f || f > 1f) return false;
        value = f;
        return true;
    }
}
