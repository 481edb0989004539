namespace Fer.Trainers.Training;

/// <summary>What one epoch produced.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="Validation">Validation metrics, empty without a validation set.</param>
/// <param name="Seconds">Wall time of the epoch (training and validation).</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, IReadOnlyDictionary<string, double> Validation, double Seconds);
