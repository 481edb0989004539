using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="ImageGrayscalingTransformer"/> (learns nothing).</summary>
public sealed class ImageGrayscalingEstimator : IEstimator<ImageGrayscalingTransformer>
{
    private readonly ImageGrayscalingTransformer transformer;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ImageGrayscalingEstimator(ImageGrayscalingTransformer.Options options) => transformer = new(options);

    /// <inheritdoc />
    public ImageGrayscalingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
