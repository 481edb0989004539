namespace Fer.Transforms.Datasets;

/// <summary>The column names of a CSV file's header record, looked up ignoring case and surrounding space.</summary>
public sealed class CsvHeader
{
    private readonly Dictionary<string, int> indexByName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Builds the lookup from a header record of <paramref name="file"/>.</summary>
    /// <exception cref="DatasetFormatException">Two columns have the same name.</exception>
    public CsvHeader(CsvRecord header, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        File = file;
        Line = header.Line;
        Names = [.. header.Fields.Select(f => f.Trim())];
        for (int i = 0; i < Names.Count; i++)
        {
            if (Names[i].Length == 0) continue;
            if (!indexByName.TryAdd(Names[i], i))
                throw new DatasetFormatException(file, header.Line, $"header names column '{Names[i]}' twice (columns {indexByName[Names[i]] + 1} and {i + 1}).");
        }
    }

    /// <summary>Reads the header (first non-blank record) of <paramref name="csv"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is empty.</exception>
    public static CsvHeader Read(CsvRecordReader csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        if (!csv.TryRead(out var header))
            throw new DatasetFormatException(csv.FileName, 0, "the file is empty; expected a header record naming the columns.");
        return new CsvHeader(header, csv.FileName);
    }

    /// <summary>The file the header belongs to.</summary>
    public string File { get; }

    /// <summary>The header's line.</summary>
    public int Line { get; }

    /// <summary>The column names in order, trimmed.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The number of columns.</summary>
    public int Count => Names.Count;

    /// <summary>The 0-based index of column <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string? name) => name is not null && indexByName.TryGetValue(name.Trim(), out int i) ? i : -1;

    /// <summary>The 0-based index of column <paramref name="name"/>.</summary>
    /// <exception cref="DatasetFormatException">No such column; the message names the file and lists the columns.</exception>
    public int Require(string name)
    {
        int i = IndexOf(name);
        if (i >= 0) return i;
        throw new DatasetFormatException(File, Line, $"no column '{name}' in the header; columns are: {string.Join(", ", Names.Select(n => $"'{n}'"))}.");
    }

    /// <summary>The index of <paramref name="name"/> when given (-1 when null), failing when a named column is absent.</summary>
    public int RequireOptional(string? name) => name is null ? -1 : Require(name);
}
