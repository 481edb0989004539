using Fer.MLNet.Data;

namespace Fer.MLNet.Pipeline;

/// <summary>An estimator (a trainer) that can watch a validation set while fitting: early stopping, best-epoch restore, progress metrics.</summary>
public interface IValidatingEstimator<out TTransformer> : IEstimator<TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Fits on <paramref name="input"/>, validating on <paramref name="validation"/> (same columns) when given.</summary>
    TTransformer Fit(IDataView input, IDataView? validation);
}
