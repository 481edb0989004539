using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Learns the distinct strings of a column (sorted, or in order of first occurrence) and returns a
/// <see cref="ValueToKeyMappingTransformer"/> that maps them to 0-based Int32 indices. Before Fit the
/// output column's <see cref="DataViewAnnotations.KeyValues"/> is an empty list (names known after Fit).
/// </summary>
public sealed class ValueToKeyMappingEstimator : IEstimator<ValueToKeyMappingTransformer>
{
    private readonly ValueToKeyMappingTransformer.Options options;
    private readonly KeyOrdinality ordinality;
    private readonly int maximumKeys;
    private readonly ValueToKeyMappingTransformer shape;

    /// <summary>Creates the estimator.</summary>
    /// <param name="options">Columns and the handling of unknown values.</param>
    /// <param name="ordinality">How keys are ordered (default sorted).</param>
    /// <param name="maximumKeys">Most distinct values accepted (default 1,000,000); more is an error naming the column.</param>
    /// <exception cref="ArgumentException">The options are invalid or <paramref name="maximumKeys"/> is below 1.</exception>
    public ValueToKeyMappingEstimator(ValueToKeyMappingTransformer.Options options, KeyOrdinality ordinality = KeyOrdinality.ByValue, int maximumKeys = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(ordinality)) throw new ArgumentOutOfRangeException(nameof(ordinality), ordinality, "undefined KeyOrdinality.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumKeys, 1);
        shape = new ValueToKeyMappingTransformer(options, []); // checks the options and copies them
        this.options = shape.Settings;
        this.ordinality = ordinality;
        this.maximumKeys = maximumKeys;
    }

    private string Input => options.InputColumnName ?? options.OutputColumnName;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The column holds no rows or more than the maximum number of distinct values.</exception>
    public ValueToKeyMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema); // checks the column before any reading
        DataViewSchema.Column column = input.Schema[Input];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<string>();
        long rows = 0;
        using (DataViewRowCursor cursor = input.GetRowCursor([column]))
        {
            ValueGetter<string?> get = cursor.GetGetter<string?>(column);
            string? value = null;
            while (cursor.MoveNext())
            {
                get(ref value);
                rows++;
                string v = value ?? "";
                if (!seen.Add(v)) continue;
                if (seen.Count > maximumKeys)
                    throw new InvalidOperationException($"MapValueToKey: column '{Input}' holds more than {maximumKeys} distinct values (at row {cursor.Position}); raise maximumKeys if this is intended.");
                keys.Add(v);
            }
        }
        if (rows == 0) throw new InvalidOperationException($"MapValueToKey: column '{Input}' has no rows to learn keys from.");
        if (ordinality == KeyOrdinality.ByValue) keys.Sort(StringComparer.Ordinal);
        return new ValueToKeyMappingTransformer(options, keys);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => shape.GetOutputSchema(inputSchema);
}
