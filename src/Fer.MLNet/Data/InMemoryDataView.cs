using Fer.Tensors.Random;

namespace Fer.MLNet.Data;

/// <summary>
/// A data view whose rows are held in memory, column by column. It knows its row count and can
/// shuffle. Built by the dataset loaders, <c>LoadFromEnumerable</c> and caching.
/// </summary>
public sealed class InMemoryDataView : IDataView
{
    private readonly object?[][] columns;
    private readonly int rowCount;

    /// <summary>Creates a view from one value array per schema column (all of the same length; values of the column's raw type).</summary>
    /// <exception cref="ArgumentException">Column counts or lengths disagree, or a value has the wrong type.</exception>
    public InMemoryDataView(DataViewSchema schema, IReadOnlyList<object?[]> columnValues)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columnValues);
        if (columnValues.Count != schema.Count)
            throw new ArgumentException($"Schema has {schema.Count} columns but {columnValues.Count} value arrays were given.", nameof(columnValues));
        rowCount = columnValues.Count == 0 ? 0 : columnValues[0].Length;
        for (int c = 0; c < columnValues.Count; c++)
        {
            if (columnValues[c].Length != rowCount)
                throw new ArgumentException($"Column '{schema[c].Name}' has {columnValues[c].Length} values; expected {rowCount}.", nameof(columnValues));
            Type raw = schema[c].Type.RawType;
            for (int r = 0; r < rowCount; r++)
            {
                object? v = columnValues[c][r];
                if (v is not null && !raw.IsInstanceOfType(v))
                    throw new ArgumentException($"Row {r}, column '{schema[c].Name}': value of type {v.GetType().Name} where {raw.Name} was expected.", nameof(columnValues));
                if (v is null && raw.IsValueType)
                    throw new ArgumentException($"Row {r}, column '{schema[c].Name}': missing value for {raw.Name}.", nameof(columnValues));
            }
        }
        Schema = schema;
        columns = [.. columnValues];
    }

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public bool CanShuffle => true;

    /// <inheritdoc />
    public long? GetRowCount() => rowCount;

    /// <summary>The stored value at (row, column), for loaders and tests.</summary>
    public object? GetValue(int row, int column) => columns[column][row];

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Generator? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int[]? order = rand is null ? null : rand.Permutation(rowCount);
        var active = new bool[Schema.Count];
        foreach (var c in columnsNeeded) active[c.Index] = true;
        return new Cursor(this, order, active);
    }

    private sealed class Cursor(InMemoryDataView view, int[]? order, bool[] active) : DataViewRowCursor
    {
        private long position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => position;

        public override bool MoveNext()
        {
            if (position + 1 >= view.rowCount)
            {
                position = view.rowCount;
                return false;
            }
            position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active[column.Index]) throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            CheckType<TValue>(column);
            object?[] values = view.columns[column.Index];
            return (ref TValue value) => value = (TValue)values[Row()]!;
        }

        public override object? GetBoxedValue(DataViewSchema.Column column)
        {
            if (!active[column.Index]) throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            return view.columns[column.Index][Row()];
        }

        private int Row()
        {
            if (position < 0 || position >= view.rowCount) throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            return order is null ? (int)position : order[position];
        }
    }
}
