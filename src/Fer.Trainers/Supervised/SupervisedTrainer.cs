using Fer.Tensors;
using Fer.Tensors.Memory;
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

        // Member 0 starts from the seed itself, so a one-network run is the same as before ensembles existed.
        var members = new ExpressionNetwork[options.EnsembleSize];
        for (int i = 0; i < members.Length; i++)
        {
            var init = new Generator(options.Seed + MemberSeedStride * (ulong)i);
            Module backbone = BackboneFactory.Create(options.Backbone, train.Channels, train.Height, options.BackboneWidth, init);
            members[i] = new ExpressionNetwork(backbone, new LinearHead(((IBackbone)backbone).FeatureSize, classes, options.HeadDropout, init));
        }
        var dropoutRandom = members.Select(_ => new Generator(0)).ToArray();
        for (int i = 0; i < members.Length; i++)
            foreach (var (_, m) in members[i].NamedModules()) if (m is Dropout d) d.Generator = dropoutRandom[i];
        // The loop trains one module: the network, or the members side by side ("0.*", "1.*", ...).
        Module trained = members.Length == 1 ? members[0] : new ModuleList(members);

        int steps = (train.Count + options.BatchSize - 1) / options.BatchSize;
        Optimizer optimizer = options.Optimizer == OptimizerKind.Sgd
            ? new Sgd(trained.Parameters(), options.LearningRate, options.Momentum, weightDecay: options.WeightDecay, nesterov: options.Nesterov && options.Momentum > 0)
            : new AdamW(trained.Parameters(), options.LearningRate, weightDecay: options.WeightDecay);
        LearningRateScheduler? scheduler = Schedules.Create(options.Schedule, optimizer, options.LearningRate, options.Epochs * steps);
        Tensor? classWeights = options.BalanceClasses ? Balanced(train.ClassCounts(classes)) : null;

        var loop = new TrainingLoop(options, trained, optimizer, scheduler, steps, Kind);
        TrainingResult result = loop.Run(ctx =>
        {
            int[] order = TrainingLoop.EpochOrder(options.Seed, ctx.Epoch, train.Count);
            int start = ctx.BatchIndex * options.BatchSize;
            ReadOnlySpan<int> idx = order.AsSpan(start, Math.Min(options.BatchSize, train.Count - start));
            Tensor raw = train.Batch(idx);
            Tensor targets = soft ? train.BatchTargets(idx) : Tensor.Zeros(0);
            int[] labels = soft ? [] : train.BatchLabels(idx);
            // Every member sees the same images with its own augmentation and dropout; the members share no
            // parameters, so one optimizer over all of them updates each exactly as if it trained alone.
            double lossSum = 0;
            for (int i = 0; i < members.Length; i++)
            {
                dropoutRandom[i].SetState(ctx.Random.Fork().GetState());
                Tensor images = BatchAugmenter.Apply(raw, options.Augmentation, ctx.Random.Fork());
                Tensor logits = members[i].Forward(images);
                Tensor loss = soft
                    ? Losses.CrossEntropy(logits, targets, classWeights, options.LabelSmoothing)
                    : Losses.CrossEntropy(logits, labels, classWeights, options.LabelSmoothing);
                loss.Backward();
                lossSum += loss.Item();
            }
            return new StepResult(lossSum / members.Length, idx.Length);
        }, validation is null ? null : _ => Validate(members, validation, options.EvaluationBatchSize, classes));

        return new SupervisedModel(members, train.ClassNames.Count > 0 ? train.ClassNames : [.. Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            train.Channels, train.Height, result);
    }

    /// <summary>What member i's initialisation seed adds per member (a large odd constant, so members' seeds never collide with nearby user seeds).</summary>
    private const ulong MemberSeedStride = 0x9E3779B97F4A7C15UL;

    /// <summary>
    /// Accuracy, macro-F1 and mean cross-entropy on labelled <paramref name="data"/> of <paramref name="members"/>
    /// (one network, or an ensemble scored by the mean of its members' probabilities).
    /// </summary>
    internal static IReadOnlyDictionary<string, double> Validate(IReadOnlyList<ExpressionNetwork> members, ImageTensorSet data, int batchSize, int classes)
    {
        if (data.Labels is null) throw new ArgumentException("The validation set has no class labels.", nameof(data));
        var predicted = new int[data.Count];
        double lossSum = 0;
        int counted = 0;
        var all = Enumerable.Range(0, data.Count).ToArray();
        for (int s = 0; s < data.Count; s += batchSize)
        {
            ReadOnlySpan<int> idx = all.AsSpan(s, Math.Min(batchSize, data.Count - s));
            // The batch's activations come from the pool and go back to it after the batch (without a scope every
            // one was a fresh large array left to the GC: gigabytes of resident memory over a long training run).
            using TensorScope scope = TensorScope.Begin();
            Tensor images = data.Batch(idx);
            // One network: its logits. An ensemble: the log of the mean probability, whose argmax and
            // cross-entropy are those of the averaged prediction.
            Tensor logits;
            if (members.Count == 1) logits = members[0].Forward(images);
            else
            {
                Tensor? sum = null;
                foreach (ExpressionNetwork m in members)
                {
                    Tensor p = Functional.Softmax(m.Forward(images), 1);
                    sum = sum is null ? p : sum.Add(p);
                }
                logits = sum!.Div(members.Count).Log();
            }
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
