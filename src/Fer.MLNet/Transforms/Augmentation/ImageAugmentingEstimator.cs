using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Transforms;

/// <summary>The estimator of <see cref="ImageAugmentingTransformer"/> (learns nothing).</summary>
public sealed class ImageAugmentingEstimator : IEstimator<ImageAugmentingTransformer>
{
    private readonly ImageAugmentingTransformer transformer;

    /// <summary>Creates the estimator; <paramref name="defaultSeed"/> is used when the options name no seed.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public ImageAugmentingEstimator(ImageAugmentingOptions options, ulong defaultSeed = 0) => transformer = new(options, defaultSeed);

    /// <inheritdoc />
    public ImageAugmentingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
