using Fer.Trainers.Augmentation;
using Fer.Trainers.Backbones;
using Fer.Trainers.Training;

namespace Fer.Trainers.Supervised;

/// <summary>
/// Settings of the supervised expression classifier. The defaults are the recipe that reached the
/// best FER+ accuracy here (see docs/training.md): VGG-style net at 48x48 grey, FER+ probability
/// targets, flip + pad-crop augmentation, SGD Nesterov with one-cycle, and an exponential moving
/// average of the weights (decay 0.998: about 500 steps, an epoch of FER+ at batch 64).
/// </summary>
public class SupervisedTrainerOptions : TrainingOptions
{
    /// <summary>Creates the defaults.</summary>
    public SupervisedTrainerOptions()
    {
        Epochs = 12;
        BatchSize = 64;
        WeightAveraging = 0.998;
    }

    /// <summary>The backbone.</summary>
    public BackboneKind Backbone { get; set; } = BackboneKind.Vgg;

    /// <summary>Backbone width (0 = the backbone's default; see <see cref="BackboneFactory"/>).</summary>
    public int BackboneWidth { get; set; }

    /// <summary>Dropout before the class layer.</summary>
    public float HeadDropout { get; set; } = 0.3f;

    /// <summary>Use probability targets (e.g. FER+ vote distributions) when the data has them.</summary>
    public bool UseProbabilityTargets { get; set; } = true;

    /// <summary>Weight classes by inverse frequency in the cross-entropy (normalised to mean 1).</summary>
    public bool BalanceClasses { get; set; }

    /// <summary>Label smoothing of the cross-entropy.</summary>
    public float LabelSmoothing { get; set; }

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Sgd;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; set; } = 0.05;

    /// <summary>SGD momentum (Nesterov when <see cref="Nesterov"/>).</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; set; } = true;

    /// <summary>Weight decay (L2 for SGD, decoupled for AdamW).</summary>
    public double WeightDecay { get; set; } = 5e-4;

    /// <summary>The learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; set; } = ScheduleKind.OneCycle;

    /// <summary>Training-time augmentation.</summary>
    public AugmentationOptions Augmentation { get; set; } = new() { HorizontalFlip = 0.5, PadCrop = 4 };

    /// <summary>
    /// Networks trained side by side, each from its own initialisation and with its own augmentation and
    /// dropout; the model scores with the mean of their class probabilities (1 = a single network). Training
    /// time grows with the count.
    /// </summary>
    public int EnsembleSize { get; set; } = 1;

    /// <summary>
    /// Batch size for validation and scoring. The default is the default training batch, so a validation
    /// pass reuses the training step's pooled storage (a scope holds every intermediate of its batch: at
    /// 256, a 2-epoch supervised run on 1,000 images peaked at 4.9 GB resident instead of 1.6).
    /// </summary>
    public int EvaluationBatchSize { get; set; } = 64;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Augmentation.Validate();
        if (LearningRate <= 0) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive.");
        if (HeadDropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(HeadDropout), HeadDropout, "must be in [0, 1).");
        if (LabelSmoothing is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "must be in [0, 1).");
        if (EnsembleSize < 1) throw new ArgumentOutOfRangeException(nameof(EnsembleSize), EnsembleSize, "EnsembleSize must be at least 1 (one network).");
        if (EvaluationBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, "must be positive.");
    }
}
