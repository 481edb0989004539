using Fer.MLNet.Data;
using Fer.MLNet.Data.Loading;
using Fer.Tensors.Random;
using Fer.Transforms.Datasets;
using Fer.Transforms.Taxonomy;

namespace Fer.MLNet.Catalogs;

/// <summary>Loading datasets and POCOs into data views, splitting, caching and reading them back.</summary>
public sealed class DataCatalog
{
    private readonly FerContext context;

    internal DataCatalog(FerContext context) => this.context = context;

    /// <summary>
    /// A FER+ folder (label.csv + PNGs): columns Path, Label (the 8 emotions in FER+ order, or 7 without
    /// contempt, as its KeyValues), LabelName, Votes (all 10 vote columns), Distribution, FaceBox.
    /// </summary>
    public InMemoryDataView LoadFerPlus(string folder, FerPlusReaderOptions? options = null)
    {
        // The reader's scheme also names the 'unknown' and 'NF' vote columns, which are never labels:
        // a Label column announcing 10 classes would make trainers build 2 outputs that never occur.
        InMemoryDataView view = Load(new FerPlusReader(folder, options));
        var scheme = options?.IncludeContempt == false ? ExpressionTaxonomy.Canonical7 : ExpressionTaxonomy.Canonical8;
        return WithLabelNames(view, scheme.Names);
    }

    private static InMemoryDataView WithLabelNames(InMemoryDataView view, IReadOnlyList<string> names)
    {
        int label = view.Schema["Label"].Index;
        int n = (int)view.GetRowCount()!.Value;
        for (int r = 0; r < n; r++)
        {
            int k = (int)view.GetValue(r, label)!;
            if (k < -1 || k >= names.Count) throw new InvalidOperationException($"Row {r} has label {k}, outside the {names.Count} classes {string.Join(", ", names)}.");
        }
        var builder = new DataViewSchema.Builder();
        foreach (var c in view.Schema)
            builder.AddColumn(c.Name, c.Type, c.Index == label ? new DataViewAnnotations { KeyValues = names, SlotNames = c.Annotations.SlotNames } : c.Annotations);
        var columns = Enumerable.Range(0, view.Schema.Count).Select(c => Enumerable.Range(0, n).Select(r => view.GetValue(r, c)).ToArray()).ToList();
        return new InMemoryDataView(builder.ToSchema(), columns);
    }

    /// <summary>A folder with one sub-folder per class: columns Path, Label, LabelName (and Group when a person id is derived).</summary>
    public InMemoryDataView LoadFolder(string folder, FolderPerClassReaderOptions? options = null) => Load(new FolderPerClassReader(folder, options));

    /// <summary>The FER2013 CSV (emotion, pixels, Usage): columns Image (48x48 grey), Label (FER2013 order), LabelName.</summary>
    public InMemoryDataView LoadFer2013Csv(string csvPath, Fer2013CsvReaderOptions? options = null) => Load(new Fer2013CsvReader(csvPath, options));

    /// <summary>An AffectNet CSV: columns Path, Label, LabelName, FaceBox, Landmarks, Valence, Arousal.</summary>
    public InMemoryDataView LoadAffectNet(string csvPath, AffectNetCsvReaderOptions? options = null) => Load(new AffectNetCsvReader(csvPath, options));

    /// <summary>RAF-DB's basic list file with its image folder: columns Path, Label, LabelName.</summary>
    public InMemoryDataView LoadRafDb(string listFile, string imageFolder, RafDbReaderOptions? options = null) => Load(new RafDbReader(listFile, imageFolder, options));

    /// <summary>A CSV with named image and label columns (and optionally valence/arousal/group).</summary>
    public InMemoryDataView LoadCsv(string csvPath, CsvImageLabelReaderOptions? options = null) => Load(new CsvImageLabelReader(csvPath, options));

    /// <summary>Thermal face folders (anger, fear, happy, neutral, sad, surprise).</summary>
    public InMemoryDataView LoadThermal(string folder, bool skipBadRows = false) => Load(DatasetReaders.IvpThermal(folder, skipBadRows));

    /// <summary>The lfw-expressions layout (legend.csv + images/): columns Path, Label, LabelName, Group (person).</summary>
    public InMemoryDataView LoadLfwExpressions(string folder, bool skipBadRows = false) => Load(DatasetReaders.LfwExpressions(folder, skipBadRows));

    /// <summary>
    /// A dataset written as KIND:PATH, as the command line takes it: ferplus, folder, fer2013, affectnet,
    /// csv, thermal, lfw (e.g. "ferplus:../shared/data/ferplus/FER2013Valid").
    /// </summary>
    /// <exception cref="ArgumentException">The kind is unknown or the spec has no path.</exception>
    public InMemoryDataView Load(string spec, FerPlusLabelMode ferPlusMode = FerPlusLabelMode.Majority)
    {
        ArgumentException.ThrowIfNullOrEmpty(spec);
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == spec.Length - 1)
            throw new ArgumentException($"Dataset '{spec}' must be written KIND:PATH with KIND one of {string.Join(", ", Kinds)}.", nameof(spec));
        string kind = spec[..colon].ToLowerInvariant(), path = spec[(colon + 1)..];
        return kind switch
        {
            "ferplus" => LoadFerPlus(path, new FerPlusReaderOptions { Mode = ferPlusMode }),
            "folder" => LoadFolder(path),
            "fer2013" => LoadFer2013Csv(path),
            "affectnet" => LoadAffectNet(path),
            "csv" => LoadCsv(path),
            "thermal" => LoadThermal(path),
            "lfw" => LoadLfwExpressions(path),
            _ => throw new ArgumentException($"Unknown dataset kind '{kind}' in '{spec}'; use one of {string.Join(", ", Kinds)}.", nameof(spec)),
        };
    }

    /// <summary>The dataset kinds <see cref="Load(string, FerPlusLabelMode)"/> accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["ferplus", "folder", "fer2013", "affectnet", "csv", "thermal", "lfw"];

    /// <summary>A view over POCOs (members mapped by name or <see cref="ColumnNameAttribute"/>).</summary>
    public InMemoryDataView LoadFromEnumerable<T>(IEnumerable<T> items)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items);
        PocoSchema poco = PocoSchema.For<T>();
        T[] list = [.. items];
        var columns = poco.Members.Select(m => list.Select(item => m.Get(item)).ToArray()).ToList();
        return new InMemoryDataView(poco.ToSchema(), columns);
    }

    /// <summary>Reads a view's rows into POCOs (members filled from the columns of the same name), lazily.</summary>
    /// <exception cref="ArgumentException">A writable member has no column or a column of another type (checked at the call, before any row is read).</exception>
    public IEnumerable<T> CreateEnumerable<T>(IDataView data)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(data);
        var members = PocoSchema.For<T>().Members.Where(m => m.CanWrite)
            .Select(m => (Member: m, Column: data.Schema.GetColumnOrNull(m.ColumnName)
                ?? throw new ArgumentException($"{typeof(T).Name}.{m.ColumnName}: no column '{m.ColumnName}' in the data ({data.Schema}).", nameof(data))))
            .ToArray();
        // Checked before the first row, so a mismatch is one clear error rather than a reflection failure mid-way.
        foreach (var (member, column) in members)
        {
            if (!member.ColumnType.RawType.IsAssignableFrom(column.Type.RawType))
                throw new ArgumentException($"{typeof(T).Name}.{member.ColumnName} is {member.ColumnType} but column '{column.Name}' is {column.Type}.", nameof(data));
        }
        return Enumerate<T>(data, members);
    }

    private static IEnumerable<T> Enumerate<T>(IDataView data, (PocoSchema.Member Member, DataViewSchema.Column Column)[] members)
        where T : class, new()
    {
        using DataViewRowCursor cursor = data.GetRowCursor(members.Select(m => m.Column));
        while (cursor.MoveNext())
        {
            var item = new T();
            foreach (var (member, column) in members) member.Set(item, cursor.GetBoxedValue(column));
            yield return item;
        }
    }

    /// <summary>Every value of one column, in order.</summary>
    public static IReadOnlyList<TValue> GetColumn<TValue>(IDataView data, string columnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column column = data.Schema[columnName];
        var values = new List<TValue>();
        using DataViewRowCursor cursor = data.GetRowCursor([column]);
        ValueGetter<TValue> get = cursor.GetGetter<TValue>(column);
        TValue value = default!;
        while (cursor.MoveNext())
        {
            get(ref value);
            values.Add(value);
        }
        return values;
    }

    /// <summary>Computes every column of <paramref name="data"/> once and keeps the rows in memory (ML.NET's AppendCacheCheckpoint).</summary>
    public InMemoryDataView Cache(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data is InMemoryDataView m) return m;
        var visible = data.Schema.Where(c => !c.IsHidden).ToArray();
        var values = visible.Select(_ => new List<object?>()).ToArray();
        using (DataViewRowCursor cursor = data.GetRowCursor(visible))
        {
            while (cursor.MoveNext())
                for (int i = 0; i < visible.Length; i++) values[i].Add(cursor.GetBoxedValue(visible[i]));
        }
        var builder = new DataViewSchema.Builder();
        foreach (var c in visible) builder.AddColumn(c.Name, c.Type, c.Annotations);
        return new InMemoryDataView(builder.ToSchema(), values.Select(v => v.ToArray()).ToList());
    }

    /// <summary>
    /// Splits rows into train and test sets at random (seeded by the context), keeping class
    /// proportions when <paramref name="stratificationColumn"/> names an Int32 column, and keeping
    /// the rows of one group together when <paramref name="groupColumn"/> names a string column.
    /// </summary>
    public (InMemoryDataView TrainSet, InMemoryDataView TestSet) TrainTestSplit(IDataView data, double testFraction = 0.1, string? stratificationColumn = null, string? groupColumn = null)
    {
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "testFraction must be in (0, 1).");
        ArgumentNullException.ThrowIfNull(data);
        if (groupColumn is not null) RequireColumnType(data.Schema, groupColumn, TextDataViewType.Instance, nameof(groupColumn));
        if (stratificationColumn is not null) RequireColumnType(data.Schema, stratificationColumn, NumberDataViewType.Int32, nameof(stratificationColumn));
        InMemoryDataView all = Cache(data);
        int n = (int)all.GetRowCount()!.Value;
        var random = new Generator(context.NextSeed());
        var test = new bool[n];
        if (groupColumn is not null)
        {
            int g = all.Schema[groupColumn].Index;
            string[] groups = [.. Enumerable.Range(0, n).Select(r => (string?)all.GetValue(r, g) ?? "").Distinct().Order(StringComparer.Ordinal)];
            random.Shuffle(groups.AsSpan());
            var testGroups = groups.Take((int)Math.Round(groups.Length * testFraction)).ToHashSet(StringComparer.Ordinal);
            for (int r = 0; r < n; r++) test[r] = testGroups.Contains((string?)all.GetValue(r, g) ?? "");
        }
        else
        {
            int s = stratificationColumn is null ? -1 : all.Schema[stratificationColumn].Index;
            foreach (var stratum in Enumerable.Range(0, n).GroupBy(r => s < 0 ? 0 : (int)all.GetValue(r, s)!).OrderBy(x => x.Key))
            {
                int[] rows = [.. stratum];
                random.Shuffle(rows.AsSpan());
                foreach (int r in rows.Take((int)Math.Round(rows.Length * testFraction))) test[r] = true;
            }
        }
        return (Subset(all, r => !test[r]), Subset(all, r => test[r]));
    }

    private static void RequireColumnType(DataViewSchema schema, string name, DataViewType expected, string argument)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"Column '{name}' not found. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.", argument);
        if (!column.Type.Equals(expected))
            throw new ArgumentException($"Column '{name}' has type {column.Type}; expected {expected}.", argument);
    }

    /// <summary>The rows of an in-memory view for which <paramref name="keep"/>(row index) is true.</summary>
    public static InMemoryDataView Subset(InMemoryDataView data, Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(keep);
        int n = (int)data.GetRowCount()!.Value;
        int[] rows = [.. Enumerable.Range(0, n).Where(keep)];
        var columns = Enumerable.Range(0, data.Schema.Count).Select(c => rows.Select(r => data.GetValue(r, c)).ToArray()).ToList();
        return new InMemoryDataView(data.Schema, columns);
    }

    private InMemoryDataView Load(DatasetReader reader)
    {
        DatasetReadResult result = reader.ReadAll();
        if (result.Skipped.Count > 0)
            context.WriteLog("Data", $"{reader.Source}: skipped {result.Skipped.Count} rows: {result.Skipped.Summary(3)}", LogSeverity.Warning);
        context.WriteLog("Data", $"{reader.Source}: {result.Rows.Count} rows.");
        return DatasetView.FromRows(result);
    }
}
