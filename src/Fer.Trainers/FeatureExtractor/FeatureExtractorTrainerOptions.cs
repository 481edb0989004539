using Fer.Trainers.Augmentation;
using Fer.Trainers.Backbones;
using Fer.Trainers.Supervised;
using Fer.Trainers.Training;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// Settings of the DeepFEVER-style feature extractor (see <see cref="FeatureExtractorTrainer"/>):
/// the shared backbone, the per-dataset heads, how batches mix the datasets, and the weights of the
/// three objectives (classification, distillation, triplet embedding).
/// </summary>
public class FeatureExtractorTrainerOptions : TrainingOptions
{
    /// <summary>Creates the defaults.</summary>
    public FeatureExtractorTrainerOptions()
    {
        Epochs = 12;
        BatchSize = 64;
    }

    /// <summary>The shared backbone.</summary>
    public BackboneKind Backbone { get; set; } = BackboneKind.Vgg;

    /// <summary>Backbone width (0 = the backbone's default; see <see cref="BackboneFactory"/>).</summary>
    public int BackboneWidth { get; set; }

    /// <summary>Dropout before each head's class layer.</summary>
    public float HeadDropout { get; set; } = 0.3f;

    /// <summary>How batches mix the datasets.</summary>
    public DatasetSampling Sampling { get; set; } = DatasetSampling.Proportional;

    /// <summary>Use a dataset's probability targets (e.g. FER+ votes) for its classification loss when it has them.</summary>
    public bool UseProbabilityTargets { get; set; } = true;

    /// <summary>Label smoothing of the classification losses.</summary>
    public float LabelSmoothing { get; set; }

    /// <summary>Weight of the classification losses (each dataset's rows on its own head).</summary>
    public double ClassificationWeight { get; set; } = 1.0;

    /// <summary>The teacher for knowledge distillation (null = no distillation term).</summary>
    public IDistillationTeacher? Teacher { get; set; }

    /// <summary>Weight of the distillation term T² KL(teacher_T || student_T) on the main head.</summary>
    public double DistillationWeight { get; set; } = 1.0;

    /// <summary>Softmax temperature T of the distillation term.</summary>
    public double Temperature { get; set; } = 4.0;

    /// <summary>
    /// Also distil on the rows of the other datasets (through the main head: the teacher labels them
    /// with the main label set), as DeepFEVER's self-distillation on extra unlabelled data. When false
    /// only the main dataset's rows are distilled.
    /// </summary>
    public bool DistillAllDatasets { get; set; } = true;

    /// <summary>Weight of the triplet term on L2-normalised features (0 = off).</summary>
    public double TripletWeight { get; set; } = 0.5;

    /// <summary>Margin of the triplet term (distances of unit vectors lie in [0, 2]).</summary>
    public float TripletMargin { get; set; } = 0.2f;

    /// <summary>How triplets are mined inside a batch (by label, within each dataset).</summary>
    public TripletMining TripletMining { get; set; } = TripletMining.SemiHard;

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

    /// <summary>Training-time augmentation (the teacher scores the unaugmented images once, before training).</summary>
    public AugmentationOptions Augmentation { get; set; } = new() { HorizontalFlip = 0.5, PadCrop = 4 };

    /// <summary>
    /// Batch size for validation, teacher scoring and feature extraction. The default is the default
    /// training batch, so a validation pass reuses the training step's pooled storage (a scope holds every
    /// intermediate of its batch: at 256, a 2-epoch supervised run on 1,000 images peaked at 4.9 GB
    /// resident instead of 1.6).
    /// </summary>
    public int EvaluationBatchSize { get; set; } = 64;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Augmentation.Validate();
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive.");
        if (HeadDropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(HeadDropout), HeadDropout, "must be in [0, 1).");
        if (LabelSmoothing is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "must be in [0, 1).");
        if (!(ClassificationWeight >= 0) || double.IsInfinity(ClassificationWeight)) throw new ArgumentOutOfRangeException(nameof(ClassificationWeight), ClassificationWeight, "must be finite and not negative.");
        if (!(DistillationWeight >= 0) || double.IsInfinity(DistillationWeight)) throw new ArgumentOutOfRangeException(nameof(DistillationWeight), DistillationWeight, "must be finite and not negative.");
        if (!(TripletWeight >= 0) || double.IsInfinity(TripletWeight)) throw new ArgumentOutOfRangeException(nameof(TripletWeight), TripletWeight, "must be finite and not negative.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "must be finite and positive.");
        if (!(TripletMargin > 0) || float.IsInfinity(TripletMargin)) throw new ArgumentOutOfRangeException(nameof(TripletMargin), TripletMargin, "must be finite and positive.");
        if (EvaluationBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, "must be positive.");
        if (!Enum.IsDefined(Sampling)) throw new ArgumentOutOfRangeException(nameof(Sampling), Sampling, "Unknown sampling.");
        if (!Enum.IsDefined(TripletMining)) throw new ArgumentOutOfRangeException(nameof(TripletMining), TripletMining, "Unknown triplet mining.");
        if (ClassificationWeight == 0 && (Teacher is null || DistillationWeight == 0) && TripletWeight == 0)
            throw new ArgumentException("Every objective is off: set ClassificationWeight, TripletWeight, or a Teacher with DistillationWeight above 0.");
    }
}
