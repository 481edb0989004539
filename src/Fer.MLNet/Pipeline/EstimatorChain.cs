using Fer.MLNet.Data;

namespace Fer.MLNet.Pipeline;

/// <summary>
/// Estimators fitted in order, each on the output of the transformers fitted before it. The whole
/// chain's schema is checked before any fitting starts.
/// </summary>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>
    where TLastTransformer : class, ITransformer
{
    private readonly IEstimator<ITransformer>[] estimators;

    /// <summary>An empty chain.</summary>
    public EstimatorChain() => estimators = [];

    internal EstimatorChain(IEstimator<ITransformer>[] estimators) => this.estimators = estimators;

    /// <summary>The estimators in order.</summary>
    public IReadOnlyList<IEstimator<ITransformer>> Estimators => estimators;

    /// <summary>A new chain with <paramref name="estimator"/> appended.</summary>
    public EstimatorChain<TNew> Append<TNew>(IEstimator<TNew> estimator)
        where TNew : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNew>([.. estimators, estimator]);
    }

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        DataViewSchema s = inputSchema;
        foreach (var e in estimators) s = e.GetOutputSchema(s);
        return s;
    }

    /// <inheritdoc />
    public TransformerChain<TLastTransformer> Fit(IDataView input) => Fit(input, null);

    /// <summary>
    /// Fits the chain; <paramref name="validation"/> (raw data with the same columns as
    /// <paramref name="input"/>) is passed through the fitted steps (scoring path, no augmentation)
    /// to every trainer that can validate.
    /// </summary>
    public TransformerChain<TLastTransformer> Fit(IDataView input, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema); // fail fast, before any training
        if (validation is not null) GetOutputSchema(validation.Schema);
        var fitted = new ITransformer[estimators.Length];
        IDataView current = input;
        IDataView? currentValidation = validation;
        for (int i = 0; i < estimators.Length; i++)
        {
            fitted[i] = estimators[i] is IValidatingEstimator<ITransformer> v ? v.Fit(current, currentValidation) : estimators[i].Fit(current);
            if (i < estimators.Length - 1)
            {
                current = fitted[i] is ITrainingTransformer tt ? tt.TransformForTraining(current) : fitted[i].Transform(current);
                if (currentValidation is not null) currentValidation = fitted[i].Transform(currentValidation);
            }
        }
        return new TransformerChain<TLastTransformer>(fitted);
    }
}
