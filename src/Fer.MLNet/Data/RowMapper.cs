namespace Fer.MLNet.Data;

/// <summary>
/// The work of a one-to-one transform: reads named input columns of a row, writes output columns.
/// <see cref="Map"/> must be thread-safe and depend only on its inputs (and the row's random
/// generator when given), because rows are mapped in parallel blocks.
/// </summary>
public abstract class RowMapper
{
    /// <summary>Names of the input columns read by <see cref="Map"/>, in the order of its inputs.</summary>
    public abstract IReadOnlyList<string> InputColumnNames { get; }

    /// <summary>True when mapping a row is costly (decoding, detection, a network), so rows are mapped in parallel blocks.</summary>
    public virtual bool IsExpensive => false;

    /// <summary>
    /// True when <see cref="Map"/> may return false (drop the row). Such a mapper runs on every row a
    /// cursor visits, even when none of its outputs are requested, so that every cursor over the view
    /// sees the same rows whatever columns it asks for.
    /// </summary>
    public virtual bool CanDropRows => false;

    /// <summary>
    /// True when <see cref="MapBatch"/> maps a whole block at once (a network scoring a batch is much
    /// faster than one image at a time); the block is then not split across threads.
    /// </summary>
    public virtual bool SupportsBatch => false;

    /// <summary>
    /// Maps several rows at once: <paramref name="inputs"/>[r] are row r's input values and
    /// <paramref name="outputs"/>[r] receives its outputs. Rows are never dropped here.
    /// </summary>
    /// <exception cref="NotSupportedException">The mapper does not support batches.</exception>
    public virtual void MapBatch(IReadOnlyList<object?[]> inputs, IReadOnlyList<object?[]> outputs)
        => throw new NotSupportedException($"{GetType().Name} does not map batches.");

    /// <summary>
    /// The output columns for <paramref name="inputSchema"/>. Checks every input column (present, right
    /// type) before any work and throws an <see cref="ArgumentException"/> naming the column, its type
    /// and the expected type.
    /// </summary>
    public abstract IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema);

    /// <summary>
    /// Computes the outputs of one row. Returns false to drop the row (only when <see cref="CanDropRows"/>
    /// is true, e.g. the transform was asked to skip bad rows; it records why in its own report).
    /// </summary>
    /// <param name="inputs">Values of <see cref="InputColumnNames"/>.</param>
    /// <param name="outputs">Receives one value per output column.</param>
    /// <param name="context">The row's position and, for random transforms, its generator.</param>
    public abstract bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context);

    /// <summary>Throws a clear error when <paramref name="schema"/> lacks <paramref name="name"/> or its type is not accepted.</summary>
    protected static DataViewSchema.Column RequireColumn(DataViewSchema schema, string name, string expected, Func<DataViewType, bool> accepts, string transformName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"{transformName}: input column '{name}' not found. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.");
        if (!accepts(col.Type))
            throw new ArgumentException($"{transformName}: input column '{name}' has type {col.Type}; expected {expected}.");
        return col;
    }
}
