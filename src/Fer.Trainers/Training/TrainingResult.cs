namespace Fer.Trainers.Training;

/// <summary>The history and outcome of a training run.</summary>
/// <param name="History">One record per completed epoch (including epochs done before a resume).</param>
/// <param name="BestEpoch">The epoch whose weights the model holds when <see cref="TrainingOptions.RestoreBestEpoch"/> applied, else the last.</param>
/// <param name="BestMetric">The monitored metric at <paramref name="BestEpoch"/>, or null without validation.</param>
/// <param name="StoppedEarly">True when early stopping ended the run.</param>
/// <param name="ResumedFrom">The checkpoint the run resumed from, or null.</param>
public sealed record TrainingResult(IReadOnlyList<EpochRecord> History, int BestEpoch, double? BestMetric, bool StoppedEarly, string? ResumedFrom);
