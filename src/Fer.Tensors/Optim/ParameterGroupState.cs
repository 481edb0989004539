namespace Fer.Tensors.Optim;

/// <summary>The saved hyperparameters of one <see cref="ParameterGroup"/> in an <see cref="OptimizerStateDict"/>.</summary>
/// <param name="ParameterIndices">Global indices of the group's parameters (numbered across groups in order, as PyTorch).</param>
/// <param name="LearningRate">Current learning rate.</param>
/// <param name="WeightDecay">Weight decay.</param>
/// <param name="Momentum">SGD momentum.</param>
/// <param name="Beta1">Adam beta1.</param>
/// <param name="Beta2">Adam beta2.</param>
/// <param name="InitialLearningRate">The scheduler's base learning rate, or null.</param>
public sealed record ParameterGroupState(
    IReadOnlyList<int> ParameterIndices, double LearningRate, double WeightDecay, double Momentum, double Beta1, double Beta2, double? InitialLearningRate);
