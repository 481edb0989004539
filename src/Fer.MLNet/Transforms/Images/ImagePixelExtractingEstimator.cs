using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="ImagePixelExtractingTransformer"/> (learns nothing).</summary>
public sealed class ImagePixelExtractingEstimator : IEstimator<ImagePixelExtractingTransformer>
{
    private readonly ImagePixelExtractingTransformer transformer;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ImagePixelExtractingEstimator(ImagePixelExtractingTransformer.Options options) => transformer = new(options);

    /// <inheritdoc />
    public ImagePixelExtractingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
