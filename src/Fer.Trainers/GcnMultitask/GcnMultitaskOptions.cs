using Fer.Trainers.Augmentation;
using Fer.Trainers.Backbones;
using Fer.Trainers.Supervised;
using Fer.Trainers.Training;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// Settings of the GCN multi-task trainer (expressions + valence/arousal, Antoniadis et al. FG 2021).
/// The graph settings (tau = 0.1, p = 0.5, two layers with a 0.2 leaky ReLU, 300-d node inputs, 512
/// hidden) follow the authors' released code; the optimizer defaults suit training on this CPU
/// engine (AdamW with warm-up and cosine decay).
/// </summary>
public class GcnMultitaskOptions : TrainingOptions
{
    /// <summary>Creates the defaults; the best epoch is the one with the lowest validation "loss" (both tasks).</summary>
    public GcnMultitaskOptions()
    {
        Epochs = 10;
        BatchSize = 64;
        MonitorMetric = "loss";
        MonitorHigherIsBetter = false;
    }

    /// <summary>The head: the GCN (default) or two independent linear heads (the ablation baseline).</summary>
    public MultitaskHeadKind Head { get; set; } = MultitaskHeadKind.Gcn;

    /// <summary>The backbone for image input (ignored for feature-vector input).</summary>
    public BackboneKind Backbone { get; set; } = BackboneKind.Vgg;

    /// <summary>Backbone width (0 = the backbone's default; see <see cref="BackboneFactory"/>).</summary>
    public int BackboneWidth { get; set; }

    /// <summary>Length of the learned node embeddings (ignored with <see cref="WordVectorsPath"/>).</summary>
    public int NodeInputSize { get; set; } = 300;

    /// <summary>Output size of the first graph convolution.</summary>
    public int GcnHiddenSize { get; set; } = 512;

    /// <summary>Slope of the leaky ReLU between the two graph convolutions.</summary>
    public float NegativeSlope { get; set; } = 0.2f;

    /// <summary>
    /// A text file of word vectors (<c>name v1 v2 ...</c> per line, e.g. GloVe) giving fixed node inputs
    /// for the class names and "valence"/"arousal"; null to learn the node embeddings.
    /// </summary>
    public string? WordVectorsPath { get; set; }

    /// <summary>The threshold tau that binarises the label correlations.</summary>
    public double AdjacencyThreshold { get; set; } = 0.1;

    /// <summary>The re-weighting p: the share of a node's update that comes from its neighbours.</summary>
    public double AdjacencyReweight { get; set; } = 0.5;

    /// <summary>Weight class k's cross-entropy by n_min / n_k (the class counts of the training labels), as the paper does.</summary>
    public bool BalanceClasses { get; set; } = true;

    /// <summary>Weight lambda of the regression loss: loss = CE + lambda (1 - mean CCC of valence and arousal).</summary>
    public double RegressionWeight { get; set; } = 1.0;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.AdamW;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>SGD momentum (Nesterov).</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>Weight decay (L2 for SGD, decoupled for AdamW).</summary>
    public double WeightDecay { get; set; } = 1e-4;

    /// <summary>The learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; set; } = ScheduleKind.CosineWithWarmup;

    /// <summary>Training-time augmentation of image input (ignored for feature vectors).</summary>
    public AugmentationOptions Augmentation { get; set; } = new() { HorizontalFlip = 0.5, PadCrop = 4 };

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
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive.");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must not be negative.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be in [0, 1).");
        if (NodeInputSize < 1) throw new ArgumentOutOfRangeException(nameof(NodeInputSize), NodeInputSize, "NodeInputSize must be positive.");
        if (GcnHiddenSize < 1) throw new ArgumentOutOfRangeException(nameof(GcnHiddenSize), GcnHiddenSize, "GcnHiddenSize must be positive.");
        if (!float.IsFinite(NegativeSlope) || NegativeSlope < 0) throw new ArgumentOutOfRangeException(nameof(NegativeSlope), NegativeSlope, "NegativeSlope must be finite and >= 0.");
        if (!(AdjacencyThreshold >= 0 && AdjacencyThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(AdjacencyThreshold), AdjacencyThreshold, "AdjacencyThreshold (tau) must be in [0, 1].");
        if (!(AdjacencyReweight >= 0 && AdjacencyReweight < 1)) throw new ArgumentOutOfRangeException(nameof(AdjacencyReweight), AdjacencyReweight, "AdjacencyReweight (p) must be in [0, 1).");
        if (!(RegressionWeight >= 0) || double.IsInfinity(RegressionWeight)) throw new ArgumentOutOfRangeException(nameof(RegressionWeight), RegressionWeight, "RegressionWeight must be finite and >= 0.");
        if (EvaluationBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, "EvaluationBatchSize must be positive.");
        if (WordVectorsPath is { Length: 0 }) throw new ArgumentException("WordVectorsPath must name a file, or be null to learn node embeddings.", nameof(WordVectorsPath));
    }
}
