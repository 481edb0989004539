using Fer.MLNet.Data;

namespace Fer.MLNet.Pipeline;

/// <summary>An unfitted step: learns from data (or not) and returns a transformer. Fit never changes its input.</summary>
public interface IEstimator<out TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Fits on <paramref name="input"/>.</summary>
    TTransformer Fit(IDataView input);

    /// <summary>The schema the fitted transformer will produce, computed without fitting; checks every input column first.</summary>
    /// <exception cref="ArgumentException">An input column is missing or has the wrong type.</exception>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);
}
