using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="FaceCroppingTransformer"/> (learns nothing).</summary>
public sealed class FaceCroppingEstimator : IEstimator<FaceCroppingTransformer>
{
    private readonly FaceCroppingTransformer transformer;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public FaceCroppingEstimator(FaceCroppingTransformer.Options options) => transformer = new(options);

    /// <inheritdoc />
    public FaceCroppingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
