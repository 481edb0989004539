using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="FaceAligningTransformer"/> (learns nothing).</summary>
public sealed class FaceAligningEstimator : IEstimator<FaceAligningTransformer>
{
    private readonly FaceAligningTransformer transformer;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The face-api weights are not found.</exception>
    public FaceAligningEstimator(FaceAligningTransformer.Options options) => transformer = new(options);

    /// <inheritdoc />
    public FaceAligningTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
