using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Reads the FER2013 CSV (<c>fer2013.csv</c>, or Kaggle's train.csv/test.csv): a header naming
/// <c>emotion</c> (0=Angry..6=Neutral, optional for unlabelled files), <c>pixels</c> (48*48
/// space-separated grey values 0..255) and optionally <c>Usage</c>. Rows carry the pixels in memory
/// (<see cref="ImageSourceKind.RawPixels"/>); the file is streamed, so enumerate lazily for the
/// full 35,887 rows. Rows of other usages than <see cref="Fer2013CsvReaderOptions.Usages"/> are
/// not read (a selection, not a loss, so they are not listed).
/// </summary>
public sealed class Fer2013CsvReader : DatasetReader
{
    private readonly Fer2013CsvReaderOptions options;
    private readonly HashSet<string>? usages;

    /// <summary>Creates a reader over <paramref name="csvPath"/>.</summary>
    /// <exception cref="DatasetFormatException">The file does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive image size.</exception>
    public Fer2013CsvReader(string csvPath, Fer2013CsvReaderOptions? options = null)
        : base(options ??= new Fer2013CsvReaderOptions())
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Height);
        this.options = options;
        File = RequireFile(csvPath, "FER2013 CSV file");
        usages = options.Usages is null ? null : new HashSet<string>(options.Usages.Select(u => u.Trim()), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The CSV file.</summary>
    public string File { get; }

    /// <inheritdoc />
    public override string Source => File;

    /// <inheritdoc />
    public override LabelScheme Scheme => ExpressionTaxonomy.Fer2013;

    /// <inheritdoc />
    protected override IEnumerable<DatasetRow> ReadCore(SkippedRows skipped)
    {
        using var csv = CsvRecordReader.Open(File);
        var header = CsvHeader.Read(csv);
        int emotionColumn = header.IndexOf("emotion");
        int pixelsColumn = header.Require("pixels");
        int usageColumn = usages is null ? header.IndexOf("Usage") : header.Require("Usage");
        int pixelCount = options.Width * options.Height;
        while (csv.TryRead(out var record))
        {
            var origin = new RowOrigin(File, record.Line);
            if (record.Count != header.Count)
            {
                Reject(skipped, origin, SkipCause.BadRow, $"expected {header.Count} fields as in the header ({string.Join(", ", header.Names)}), got {record.Count}.");
                continue;
            }
            if (usages is not null && !usages.Contains(record[usageColumn].Trim())) continue;
            int position = -1;
            if (emotionColumn >= 0 && !Scheme.TryParseNameOrCode(record[emotionColumn], out position))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"emotion '{record[emotionColumn]}' is not a FER2013 code; expected an integer {Scheme.DescribeCodes()}.");
                continue;
            }
            var pixels = new byte[pixelCount];
            string? bad = ParsePixels(record[pixelsColumn], pixels);
            if (bad is not null)
            {
                Reject(skipped, origin, SkipCause.BadRow, bad);
                continue;
            }
            yield return new DatasetRow(ImageSource.FromGrayPixels(pixels, options.Width, options.Height), origin)
            {
                Label = position >= 0 ? Scheme.ExpressionAt(position) : null,
                LabelIndex = position,
                SourceLabel = position >= 0 ? record[emotionColumn].Trim() : null,
            };
        }
    }

    // Parses space-separated integers 0..255 into pixels; returns an error or null.
    private string? ParsePixels(string text, byte[] pixels)
    {
        var s = text.AsSpan();
        int n = 0, i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i == s.Length) break;
            int value = 0, digits = 0;
            for (; i < s.Length && !char.IsWhiteSpace(s[i]); i++, digits++)
            {
                if (!char.IsAsciiDigit(s[i]) || digits == 3)
                    return $"pixel {n + 1} is not an integer 0..255 (near '{Excerpt(s, i)}').";
                value = value * 10 + (s[i] - '0');
            }
            if (value > 255) return $"pixel {n + 1} is {value}; expected 0..255.";
            if (n == pixels.Length) return $"more than {pixels.Length} pixel values; expected exactly {pixels.Length} ({options.Width}x{options.Height}).";
            pixels[n++] = (byte)value;
        }
        return n == pixels.Length ? null : $"{n} pixel values; expected {pixels.Length} ({options.Width}x{options.Height}).";
    }

    private static string Excerpt(ReadOnlySpan<char> s, int at)
    {
        int start = Math.Max(0, at - 8);
        return s[start..Math.Min(s.Length, at + 8)].ToString();
    }
}
