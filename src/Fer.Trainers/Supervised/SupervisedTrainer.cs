using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;
using Fer.Tensors.Random;
using Fer.Trainers.Augmentation;
using Fer.Trainers.Backbones;
using Fer.Trainers.Data;
using Fer.Trainers.Heads;
using Fer.Trainers.Training;

namespace Fer.Trainers.Supervised;

/// <summary>
/// Trains an expression classifier (backbone + linear head) with class-weighted cross-entropy on
/// class indices or probability targets (FER+ votes), label smoothing, augmentation, SGD or AdamW
/// with a per-step schedule, validation with early stopping, checkpoints and resume (see
/// <see cref="TrainingLoop"/>).
/// </summary>
public static class SupervisedTrainer
{
    /// <summary>The trainer's kind in checkpoints.</summary>
    public const string Kind = "supervised";

    /// <summary>Trains on <paramref name="train"/>, validating on <paramref name="validation"/> when given.</summary>
    /// <exception cref="ArgumentException">The data has no labels, or the two sets differ in image shape or classes.</exception>
    public static SupervisedModel Train(ImageTensorSet train, ImageTensorSet? validation, SupervisedTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Labels is null) throw new ArgumentException("The training set has no class labels.", nameof(train));
        if (train.Count == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        int classes = train.ClassNames.Count > 0 ? train.ClassNames.Count : train.Labels.Max() + 1;
        if (train.Height != train.Width) throw new ArgumentException($"Training images must be square; they are {train.Height}x{train.Width}.", nameof(train));
        if (validation is not null && (validation.Channels != train.Channels || validation.Height != train.Height || validation.Width != train.Width))
            throw new ArgumentException($"Validation images are {validation.Channels}x{validation.Height}x{validation.Width}; training images are {train.Channels}x{train.Height}x{train.Width}.", nameof(validation));
        bool soft = options.UseProbabilityTargets && train.Targets is not null;
        if (soft && train.TargetWidth != classes)
            throw new ArgumentException($"Probability targets have {train.TargetWidth} columns for {classes} classes.", nameof(train));

        var init = new Generator(options.Seed);
        Module backbone = BackboneFactory.Create(options.Backbone, train.Channels, train.Height, options.BackboneWidth, init);
        var network = new ExpressionNetwork(backbone, new LinearHead(((IBackbone)backbone).FeatureSize, classes, options.HeadDropout, init));
        var dropoutRandom = new Generator(0);
        foreach (var (_, m) in network.NamedModules()) if (m is Dropout d) d.Generator = dropoutRandom;

        int steps = (train.Count + options.BatchSize - 1) / options.BatchSize;
        Optimizer optimizer = options.Optimizer == OptimizerKind.Sgd
            ? new Sgd(network.Parameters(), options.LearningRate, options.Momentum, weightDecay: options.WeightDecay, nesterov: options.Nesterov && options.Momentum > 0)
            : new AdamW(network.Parameters(), options.LearningRate, weightDecay: options.WeightDecay);
        LearningRateScheduler? scheduler = Schedules.Create(options.Schedule, optimizer, options.LearningRate, options.Epochs * steps);
        Tensor? classWeights = options.BalanceClasses ? Balanced(train.ClassCounts(classes)) : null;

        var loop = new TrainingLoop(options, network, optimizer, scheduler, steps, Kind);
        TrainingResult result = loop.Run(ctx =>
        {
            dropoutRandom.SetState(ctx.Random.Fork().GetState());
            int[] order = TrainingLoop.EpochOrder(options.Seed, ctx.Epoch, train.Count);
            int start = ctx.BatchIndex * options.BatchSize;
            ReadOnlySpan<int> idx = order.AsSpan(start, Math.Min(options.BatchSize, train.Count - start));
            Tensor images = BatchAugmenter.Apply(train.Batch(idx), options.Augmentation, ctx.Random.Fork());
            Tensor logits = network.Forward(images);
            Tensor loss = soft
                ? Losses.CrossEntropy(logits, train.BatchTargets(idx), classWeights, options.LabelSmoothing)
                : Losses.CrossEntropy(logits, train.BatchLabels(idx), classWeights, options.LabelSmoothing);
            loss.Backward();
            return new StepResult(loss.Item(), idx.Length);
        }, validation is null ? null : _ => Validate(network, validation, options.EvaluationBatchSize, classes));

        return new SupervisedModel(network, train.ClassNames.Count > 0 ? train.ClassNames : [.. Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            train.Channels, train.Height, result);
    }

    /// <summary>Accuracy, macro-F1 and mean cross-entropy of <paramref name="network"/> on labelled <paramref name="data"/>.</summary>
    internal static IReadOnlyDictionary<string, double> Validate(ExpressionNetwork network, ImageTensorSet data, int batchSize, int classes)
    {
        if (data.Labels is null) throw new ArgumentException("The validation set has no class labels.", nameof(data));
        var predicted = new int[data.Count];
        double lossSum = 0;
        int counted = 0;
        var all = Enumerable.Range(0, data.Count).ToArray();
        for (int s = 0; s < data.Count; s += batchSize)
        {
            ReadOnlySpan<int> idx = all.AsSpan(s, Math.Min(batchSize, data.Count - s));
            Tensor logits = network.Forward(data.Batch(idx));
            int[] labels = data.BatchLabels(idx);
            int[] argmax = logits.ArgMaxRows();
            argmax.CopyTo(predicted, s);
            int[] valid = [.. Enumerable.Range(0, labels.Length).Where(i => labels[i] >= 0)];
            if (valid.Length > 0)
            {
                lossSum += Losses.CrossEntropy(logits.IndexSelect(0, valid), valid.Select(i => labels[i]).ToArray(), reduction: Reduction.Sum).Item();
                counted += valid.Length;
            }
        }
        return ClassificationScores.Compute(data.Labels, predicted, classes, lossSum / Math.Max(counted, 1));
    }

    private static Tensor Balanced(int[] counts)
    {
        int present = counts.Count(c => c > 0);
        double total = counts.Sum();
        var w = counts.Select(c => c == 0 ? 0f : (float)(total / (present * (double)c))).ToArray();
        return Tensor.FromArray(w);
    }
}
