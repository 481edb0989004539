namespace Fer.MLNet.Data;

/// <summary>
/// A forward-only pass over the rows of a data view. Call <see cref="MoveNext"/> before reading;
/// getters read the current row. Only columns requested when the cursor was made are active.
/// </summary>
public abstract class DataViewRowCursor : IDisposable
{
    /// <summary>The schema of the rows.</summary>
    public abstract DataViewSchema Schema { get; }

    /// <summary>The 0-based index of the current row (-1 before the first MoveNext).</summary>
    public abstract long Position { get; }

    /// <summary>Advances to the next row; false at the end.</summary>
    public abstract bool MoveNext();

    /// <summary>True when <paramref name="column"/> was requested.</summary>
    public abstract bool IsColumnActive(DataViewSchema.Column column);

    /// <summary>A getter for <paramref name="column"/>, whose raw type must be <typeparamref name="TValue"/>.</summary>
    /// <exception cref="InvalidOperationException">The column is inactive or has another type.</exception>
    public abstract ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column);

    /// <summary>Reads the current value of a column as an object (boxing; for generic plumbing).</summary>
    public abstract object? GetBoxedValue(DataViewSchema.Column column);

    /// <summary>Releases resources (prefetch workers, open files).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Checks that <typeparamref name="TValue"/> matches the column's raw type.</summary>
    protected static void CheckType<TValue>(DataViewSchema.Column column)
    {
        if (!typeof(TValue).IsAssignableFrom(column.Type.RawType) && typeof(TValue) != typeof(object))
            throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type} ({column.Type.RawType.Name}); it cannot be read as {typeof(TValue).Name}.");
    }
}
