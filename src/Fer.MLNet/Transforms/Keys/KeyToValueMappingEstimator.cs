using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Reads the key names (<see cref="DataViewAnnotations.KeyValues"/>) of an Int32 key column when
/// fitting and returns a <see cref="KeyToValueMappingTransformer"/> that maps keys back to them.
/// </summary>
public sealed class KeyToValueMappingEstimator : IEstimator<KeyToValueMappingTransformer>
{
    private readonly KeyToValueMappingTransformer.Options options;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The output column name is empty.</exception>
    public KeyToValueMappingEstimator(KeyToValueMappingTransformer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName, nameof(options.OutputColumnName));
        this.options = new KeyToValueMappingTransformer.Options { OutputColumnName = options.OutputColumnName, InputColumnName = options.InputColumnName };
    }

    private string Input => options.InputColumnName ?? options.OutputColumnName;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The column is missing, not Int32, or has no key names.</exception>
    public KeyToValueMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var names = input.Schema[Input].Annotations.KeyValues!;
        if (names.Count == 0)
            throw new ArgumentException($"MapKeyToValue: column '{Input}' has an empty KeyValues annotation: its key names are not known yet.", nameof(input));
        return new KeyToValueMappingTransformer(options, names);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var col = inputSchema.GetColumnOrNull(Input)
            ?? throw new ArgumentException($"MapKeyToValue: input column '{Input}' not found. Available columns: {string.Join(", ", inputSchema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.", nameof(inputSchema));
        if (!col.Type.Equals(NumberDataViewType.Int32))
            throw new ArgumentException($"MapKeyToValue: input column '{Input}' has type {col.Type}; expected Int32 (a key).", nameof(inputSchema));
        if (col.Annotations.KeyValues is null)
            throw new ArgumentException($"MapKeyToValue: input column '{Input}' has no KeyValues annotation (key names); map it with MapValueToKey or load it from a dataset.", nameof(inputSchema));
        return inputSchema.Append([(options.OutputColumnName, TextDataViewType.Instance, null)]);
    }
}
