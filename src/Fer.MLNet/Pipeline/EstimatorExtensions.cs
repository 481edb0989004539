namespace Fer.MLNet.Pipeline;

/// <summary>ML.NET's <c>Append</c> for starting a chain from any estimator.</summary>
public static class EstimatorExtensions
{
    /// <summary>Chains <paramref name="start"/> and <paramref name="next"/>.</summary>
    public static EstimatorChain<TTrans> Append<TTrans>(this IEstimator<ITransformer> start, IEstimator<TTrans> next)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(next);
        return new EstimatorChain<ITransformer>([start]).Append(next);
    }
}
