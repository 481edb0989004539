namespace Fer.Tensors.Optim.Schedules;

/// <summary>The saved position of a <see cref="LearningRateScheduler"/>, for checkpoints.</summary>
/// <param name="LastEpoch">The step index the current learning rates belong to (0 after construction).</param>
/// <param name="StepCount">Number of <see cref="LearningRateScheduler.Step"/> calls, the one made by the constructor included.</param>
/// <param name="BaseLearningRates">The base learning rate of each group.</param>
public sealed record LearningRateSchedulerState(int LastEpoch, int StepCount, IReadOnlyList<double> BaseLearningRates);
