using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Reads RAF-DB basic emotions: <c>list_patition_label.txt</c> with lines "train_00001.jpg 5"
/// (name, then label 1..7 of <see cref="ExpressionTaxonomy.RafDbBasic"/>), images in a given folder.
/// </summary>
public sealed class RafDbReader : DatasetReader
{
    private readonly RafDbReaderOptions options;

    /// <summary>Creates a reader over the list file and the image folder.</summary>
    /// <exception cref="DatasetFormatException">The list file or image folder does not exist.</exception>
    /// <exception cref="ArgumentException">The suffix contains a path separator.</exception>
    public RafDbReader(string listFile, string imageFolder, RafDbReaderOptions? options = null)
        : base(options ??= new RafDbReaderOptions())
    {
        if (options.AlignedSuffix is { } s && (s.Contains('/') || s.Contains('\\') || s.Contains("..", StringComparison.Ordinal)))
            throw new ArgumentException($"AlignedSuffix '{s}' must not contain a path.", nameof(options));
        this.options = options;
        ListFile = RequireFile(listFile, "RAF-DB list file");
        ImageFolder = RequireFolder(imageFolder, "RAF-DB image folder");
    }

    /// <summary>The list file.</summary>
    public string ListFile { get; }

    /// <summary>The image folder.</summary>
    public string ImageFolder { get; }

    /// <inheritdoc />
    public override string Source => ListFile;

    /// <inheritdoc />
    public override LabelScheme Scheme => ExpressionTaxonomy.RafDbBasic;

    /// <inheritdoc />
    protected override IEnumerable<DatasetRow> ReadCore(SkippedRows skipped)
    {
        string? prefix = options.Partition is { } p ? p.Trim() + "_" : null;
        int lineNumber = 0;
        foreach (string line in File.ReadLines(ListFile))
        {
            lineNumber++;
            string text = lineNumber == 1 ? line.TrimStart('\uFEFF').Trim() : line.Trim();
            if (text.Length == 0) continue;
            var origin = new RowOrigin(ListFile, lineNumber);
            string[] parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                Reject(skipped, origin, SkipCause.BadRow, $"expected 'name label', got {parts.Length} fields.");
                continue;
            }
            string name = parts[0];
            if (!FieldParse.IsSafeRelativePath(name))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"image name '{name}' is not a relative path inside the image folder.");
                continue;
            }
            if (prefix is not null && !name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            if (!FieldParse.TryInt(parts[1], out int code) || !Scheme.TryGetPositionOfCode(code, out int position))
            {
                Reject(skipped, origin, SkipCause.BadRow, $"label '{parts[1]}' is not a RAF-DB basic code; expected an integer {Scheme.DescribeCodes()}.");
                continue;
            }
            if (options.AlignedSuffix is { Length: > 0 } suffix)
            {
                string extension = Path.GetExtension(name);
                name = name[..^extension.Length] + suffix + extension;
            }
            string path = FieldParse.Resolve(ImageFolder, name);
            if (!CheckImage(skipped, origin, path)) continue;
            yield return new DatasetRow(ImageSource.FromFile(path), origin)
            {
                Label = Scheme.ExpressionAt(position),
                LabelIndex = position,
                SourceLabel = parts[1],
            };
        }
    }
}
