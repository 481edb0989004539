namespace Fer.Trainers.Training;

/// <summary>A report from a running trainer.</summary>
/// <param name="Phase">"train" after a step, "validate" after a validation pass.</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Step">Global step (1-based, over all epochs).</param>
/// <param name="TotalSteps">Planned steps over all epochs.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="Metrics">Validation metrics (after validation) or running training metrics.</param>
/// <param name="ImagesPerSecond">Training throughput of the current epoch.</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="Eta">Estimated time to the last step.</param>
public sealed record TrainingProgress(
    string Phase,
    int Epoch,
    int Epochs,
    long Step,
    long TotalSteps,
    double Loss,
    IReadOnlyDictionary<string, double> Metrics,
    double ImagesPerSecond,
    TimeSpan Elapsed,
    TimeSpan? Eta);
