using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Reads a folder with one sub-folder per class (<c>root/happy/001.jpg</c>). Class folders and
/// files are read in ordinal name order, so the row order is the same on every machine.
/// </summary>
public sealed class FolderPerClassReader : DatasetReader
{
    private readonly FolderPerClassReaderOptions options;
    private readonly (string Folder, int Position)[] classFolders;
    private readonly string[] badFolders;
    private readonly HashSet<string> extensions;

    /// <summary>Creates a reader over <paramref name="root"/> and fixes its label scheme.</summary>
    /// <exception cref="DatasetFormatException">The folder is missing or has no class folders, two folder names are one expression, or (without SkipBadRows) a folder is not a class of the given scheme.</exception>
    public FolderPerClassReader(string root, FolderPerClassReaderOptions? options = null)
        : base(options ??= new FolderPerClassReaderOptions())
    {
        this.options = options;
        Root = RequireFolder(root, "dataset folder");
        extensions = new HashSet<string>(options.Extensions.Select(e => e.StartsWith('.') ? e : "." + e), StringComparer.OrdinalIgnoreCase);
        string[] folders = [.. Directory.GetDirectories(Root).OrderBy(Path.GetFileName, StringComparer.Ordinal)];
        if (folders.Length == 0) throw new DatasetFormatException(Root, 0, "has no class folders; expected one sub-folder per class.");
        if (options.Scheme is null)
        {
            try
            {
                Scheme = LabelScheme.FromNames(Path.GetFileName(Root), folders.Select(f => Path.GetFileName(f)!));
            }
            catch (ArgumentException e)
            {
                throw new DatasetFormatException(Root, 0, "class folder names do not form a label scheme: " + e.Message, e);
            }
            classFolders = [.. folders.Select((f, i) => (f, i))];
            badFolders = [];
        }
        else
        {
            Scheme = options.Scheme;
            var good = new List<(string, int)>();
            var bad = new List<string>();
            foreach (string f in folders)
            {
                if (Scheme.TryParse(Path.GetFileName(f), out int p)) good.Add((f, p));
                else if (options.SkipBadRows) bad.Add(f);
                else throw new DatasetFormatException(f, 0, $"folder name '{Path.GetFileName(f)}' is not a class of label scheme '{Scheme.Name}'; expected one of: {string.Join(", ", Scheme.Names)}.");
            }
            classFolders = [.. good];
            badFolders = [.. bad];
        }
    }

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <inheritdoc />
    public override string Source => Root;

    /// <inheritdoc />
    public override LabelScheme Scheme { get; }

    /// <inheritdoc />
    protected override IEnumerable<DatasetRow> ReadCore(SkippedRows skipped)
    {
        foreach (string f in badFolders)
            skipped.Add(new RowOrigin(f, 0), SkipCause.BadRow, $"folder is not a class of label scheme '{Scheme.Name}'; its files were not read.");
        foreach (var (folder, position) in classFolders)
        {
            foreach (string path in Directory.GetFileSystemEntries(folder).Order(StringComparer.Ordinal))
            {
                if (Directory.Exists(path))
                {
                    if (!options.Recursive)
                    {
                        skipped.Add(new RowOrigin(path, 0), SkipCause.Filtered, "nested folder not read (Recursive is off)");
                        continue;
                    }
                    foreach (string nested in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                        if (MakeRow(nested, folder, position, skipped) is { } r) yield return r;
                    continue;
                }
                if (MakeRow(path, folder, position, skipped) is { } row) yield return row;
            }
        }
    }

    private DatasetRow? MakeRow(string path, string folder, int position, SkippedRows skipped)
    {
        var origin = new RowOrigin(path, 0);
        if (!extensions.Contains(Path.GetExtension(path)))
        {
            skipped.Add(origin, SkipCause.Filtered, "not an image file extension");
            return null;
        }
        return new DatasetRow(ImageSource.FromFile(path), origin)
        {
            Label = Scheme.ExpressionAt(position),
            LabelIndex = position,
            SourceLabel = Path.GetFileName(folder),
            GroupId = options.GroupIdFromFileName?.Invoke(Path.GetFileName(path)),
        };
    }
}
