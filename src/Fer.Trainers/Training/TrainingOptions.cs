namespace Fer.Trainers.Training;

/// <summary>
/// What every trainer shares: epochs, batch size, seed, progress and cancellation, validation with
/// early stopping, checkpoints and resume. Trainer-specific options derive from this class.
/// </summary>
public class TrainingOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Examples per optimizer step.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Seeds initialisation, data order, augmentation and dropout: a fixed seed and thread count reproduce a run bit for bit.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Receives a report after every step and every validation.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Stops training between steps; a checkpoint is written first when <see cref="CheckpointDirectory"/> is set.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Stop after this many epochs without improvement of <see cref="MonitorMetric"/> on the validation set (0 = never).</summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>The validation metric that decides the best epoch ("accuracy", "macro_f1", "loss", ...).</summary>
    public string MonitorMetric { get; set; } = "accuracy";

    /// <summary>True when a larger <see cref="MonitorMetric"/> is better (false for losses).</summary>
    public bool MonitorHigherIsBetter { get; set; } = true;

    /// <summary>After training with a validation set, put back the weights of the best epoch.</summary>
    public bool RestoreBestEpoch { get; set; } = true;

    /// <summary>Where checkpoints go (null = none). Each is a folder written atomically.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Write a checkpoint every this many steps (0 = only at the end of each epoch).</summary>
    public int CheckpointEverySteps { get; set; }

    /// <summary>How many checkpoints to keep (at least 2, so a corrupt latest one falls back to the previous).</summary>
    public int KeepCheckpoints { get; set; } = 2;

    /// <summary>A checkpoint folder, or a checkpoint directory (its newest valid checkpoint is used), to resume from.</summary>
    public string? ResumeFrom { get; set; }

    /// <summary>Clip the global gradient norm to this value before each step (null = no clipping).</summary>
    public float? GradientClipNorm { get; set; }

    /// <summary>
    /// Keep an exponential moving average of the weights (and batch-norm statistics) with this decay per
    /// step, e.g. 0.998 (null = off): validation, the best epoch and the trained model use the averaged
    /// weights, which are smoother than the last step's. Early steps average with a smaller decay,
    /// min(decay, (1 + step) / (10 + step)), so the start does not weigh on the result.
    /// </summary>
    public double? WeightAveraging { get; set; }

    /// <summary>Checks the values; throws naming the first bad option.</summary>
    public virtual void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (EarlyStoppingPatience < 0) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "EarlyStoppingPatience must not be negative.");
        if (CheckpointEverySteps < 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEverySteps), CheckpointEverySteps, "CheckpointEverySteps must not be negative.");
        if (KeepCheckpoints < 2) throw new ArgumentOutOfRangeException(nameof(KeepCheckpoints), KeepCheckpoints, "KeepCheckpoints must be at least 2.");
        if (GradientClipNorm is <= 0) throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), GradientClipNorm, "GradientClipNorm must be positive.");
        if (WeightAveraging is double d && !(d > 0 && d < 1)) throw new ArgumentOutOfRangeException(nameof(WeightAveraging), WeightAveraging, "WeightAveraging must be a decay between 0 and 1 (exclusive), e.g. 0.998.");
        if (string.IsNullOrWhiteSpace(MonitorMetric)) throw new ArgumentException("MonitorMetric must name a metric.", nameof(MonitorMetric));
    }
}
