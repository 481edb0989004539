namespace Fer.Trainers.Training;

/// <summary>The loop's position and bookkeeping saved with a checkpoint.</summary>
internal sealed record CheckpointState(
    string Trainer,
    ulong Seed,
    int StepsPerEpoch,
    int Epoch,
    int NextBatch,
    long GlobalStep,
    double EpochLossSum,
    long EpochExamples,
    int BestEpoch,
    double? BestMetric,
    int BadEpochs,
    IReadOnlyList<EpochRecord> History);
