using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="PretrainedExpressionTransformer"/> (learns nothing).</summary>
public sealed class PretrainedExpressionEstimator : IEstimator<PretrainedExpressionTransformer>
{
    private readonly PretrainedExpressionTransformer transformer;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public PretrainedExpressionEstimator(PretrainedExpressionTransformer.Options options) => transformer = new(options);

    /// <inheritdoc />
    public PretrainedExpressionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
