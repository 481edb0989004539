using Fer.MLNet.Data;

namespace Fer.MLNet.Pipeline;

/// <summary>An estimator that learns nothing: Fit returns its transformer (image loading, resizing, pixel extraction...).</summary>
public sealed class TrivialEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
{
    private readonly TTransformer transformer;

    /// <summary>Wraps <paramref name="transformer"/>.</summary>
    public TrivialEstimator(TTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        this.transformer = transformer;
    }

    /// <inheritdoc />
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => transformer.GetOutputSchema(inputSchema);
}
