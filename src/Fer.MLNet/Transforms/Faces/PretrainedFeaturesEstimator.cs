using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="PretrainedFeaturesTransformer"/> (learns nothing).</summary>
public sealed class PretrainedFeaturesEstimator : IEstimator<PretrainedFeaturesTransformer>
{
    private readonly PretrainedFeaturesTransformer transformer;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public PretrainedFeaturesEstimator(PretrainedFeaturesTransformer.Options options) => transformer = new(options);

    /// <inheritdoc />
    public PretrainedFeaturesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
