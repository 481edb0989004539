namespace Fer.Transforms.Datasets;

/// <summary>One CSV record: its fields (quotes removed, escaped quotes undone) and the 1-based line it starts on.</summary>
public readonly record struct CsvRecord(string[] Fields, int Line)
{
    /// <summary>The number of fields.</summary>
    public int Count => Fields.Length;

    /// <summary>The field at <paramref name="index"/>.</summary>
    public string this[int index] => Fields[index];
}
