using Fer.MLNet.Data;

namespace Fer.MLNet.Pipeline;

/// <summary>
/// A transformer that behaves differently while a later estimator of the same pipeline is being
/// fitted (augmentation: random during Fit, identity when scoring).
/// </summary>
public interface ITrainingTransformer : ITransformer
{
    /// <summary>The view that later estimators of the chain see during Fit.</summary>
    IDataView TransformForTraining(IDataView input);
}
