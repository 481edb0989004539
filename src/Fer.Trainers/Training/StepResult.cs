namespace Fer.Trainers.Training;

/// <summary>What a training step reports back: its loss (already back-propagated) and how many examples it used.</summary>
/// <param name="Loss">The batch loss.</param>
/// <param name="Examples">Examples in the batch.</param>
public readonly record struct StepResult(double Loss, int Examples);
