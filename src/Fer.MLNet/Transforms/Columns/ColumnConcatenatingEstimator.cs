using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="ColumnConcatenatingTransformer"/> (learns nothing).</summary>
public sealed class ColumnConcatenatingEstimator : IEstimator<ColumnConcatenatingTransformer>
{
    private readonly ColumnConcatenatingTransformer transformer;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ColumnConcatenatingEstimator(ColumnConcatenatingTransformer.Options options) => transformer = new(options);

    /// <inheritdoc />
    public ColumnConcatenatingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
