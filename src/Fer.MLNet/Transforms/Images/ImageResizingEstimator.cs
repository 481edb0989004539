using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="ImageResizingTransformer"/> (learns nothing).</summary>
public sealed class ImageResizingEstimator : IEstimator<ImageResizingTransformer>
{
    private readonly ImageResizingTransformer transformer;

    /// <summary>Creates the estimator.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public ImageResizingEstimator(ImageResizingTransformer.Options options) => transformer = new(options);

    /// <inheritdoc />
    public ImageResizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
