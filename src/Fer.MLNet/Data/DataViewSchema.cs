using System.Collections;

namespace Fer.MLNet.Data;

/// <summary>
/// The ordered columns of a data view. A later column with the same name hides an earlier one
/// (as in ML.NET: a transform that writes "Image" replaces the old "Image" for readers).
/// </summary>
public sealed class DataViewSchema : IReadOnlyList<DataViewSchema.Column>
{
    private readonly Column[] columns;

    private DataViewSchema(Column[] columns) => this.columns = columns;

    /// <summary>An empty schema.</summary>
    public static DataViewSchema Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => columns.Length;

    /// <inheritdoc />
    public Column this[int index] => columns[index];

    /// <summary>The visible column named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such column; the message lists the columns that exist.</exception>
    public Column this[string name] => GetColumnOrNull(name)
        ?? throw new ArgumentOutOfRangeException(nameof(name), $"Column '{name}' not found. Available columns: {string.Join(", ", columns.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})"))}.");

    /// <summary>The visible column named <paramref name="name"/>, or null.</summary>
    public Column? GetColumnOrNull(string name)
    {
        for (int i = columns.Length - 1; i >= 0; i--)
            if (!columns[i].IsHidden && string.Equals(columns[i].Name, name, StringComparison.Ordinal)) return columns[i];
        return null;
    }

    /// <inheritdoc />
    public IEnumerator<Column> GetEnumerator() => ((IEnumerable<Column>)columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", columns.Where(c => !c.IsHidden).Select(c => $"{c.Name}: {c.Type}"));

    /// <summary>A copy of this schema with <paramref name="added"/> appended (hiding same-named columns).</summary>
    public DataViewSchema Append(IEnumerable<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> added)
    {
        var b = new Builder();
        foreach (Column c in columns) b.AddColumn(c.Name, c.Type, c.Annotations);
        foreach (var (name, type, ann) in added) b.AddColumn(name, type, ann);
        return b.ToSchema();
    }

    /// <summary>A column of a schema.</summary>
    public readonly record struct Column(string Name, int Index, DataViewType Type, bool IsHidden, DataViewAnnotations Annotations);

    /// <summary>Builds a schema column by column.</summary>
    public sealed class Builder
    {
        private readonly List<(string Name, DataViewType Type, DataViewAnnotations Annotations)> items = [];

        /// <summary>Adds a column; an earlier column with the same name becomes hidden.</summary>
        public Builder AddColumn(string name, DataViewType type, DataViewAnnotations? annotations = null)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(type);
            items.Add((name, type, annotations ?? DataViewAnnotations.None));
            return this;
        }

        /// <summary>The schema.</summary>
        public DataViewSchema ToSchema()
        {
            var cols = new Column[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                bool hidden = false;
                for (int j = i + 1; j < items.Count; j++)
                    if (items[j].Name == items[i].Name) { hidden = true; break; }
                cols[i] = new Column(items[i].Name, i, items[i].Type, hidden, items[i].Annotations);
            }
            return new DataViewSchema(cols);
        }
    }
}
