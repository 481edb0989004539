using Fer.Tensors;
using Fer.Tensors.Memory;
using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;
using Fer.Tensors.Random;
using Fer.Trainers.Backbones;
using Fer.Trainers.Data;
using Fer.Trainers.Heads;
using Fer.Trainers.Supervised;
using Fer.Trainers.Training;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// Trains a DeepFEVER-style expression feature extractor (after Schoneveld, Othmani and Abdelkawy,
/// Pattern Recognition Letters 2021): one backbone shared by several labelled datasets, each with
/// its own head and label set, batches mixing the datasets (<see cref="DatasetSampling"/>), with
/// knowledge distillation from a teacher through the main (first) dataset's head and a triplet
/// embedding objective on the normalised features. Runs on the shared <see cref="TrainingLoop"/>
/// (progress with the loss components as metrics, validation, early stopping, checkpoints, resume).
/// </summary>
public static class FeatureExtractorTrainer
{
    /// <summary>The trainer's kind in checkpoints.</summary>
    public const string Kind = "feature-extractor";

    /// <summary>Trains on <paramref name="datasets"/>; the first is the main dataset (its head is the one distilled, its validation accuracy the default monitor).</summary>
    /// <exception cref="ArgumentException">No dataset, duplicate or empty names, a set without labels or examples, image shapes that differ, or a teacher whose classes or input do not match.</exception>
    public static FeatureExtractorModel Train(IReadOnlyList<FeatureExtractorDataset> datasets, FeatureExtractorTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Check(datasets, options);
        ImageTensorSet first = datasets[0].Train;

        var init = new Generator(options.Seed);
        Module backbone = BackboneFactory.Create(options.Backbone, first.Channels, first.Height, options.BackboneWidth, init);
        int featureSize = ((IBackbone)backbone).FeatureSize;
        var heads = datasets.Select(d => (Module)new LinearHead(featureSize, d.ClassCount, options.HeadDropout, init)).ToArray();
        var network = new MultiHeadNetwork(backbone, heads);
        var dropoutRandom = new Generator(0);
        foreach (var (_, m) in network.NamedModules()) if (m is Dropout d) d.Generator = dropoutRandom;

        var plan = new BatchPlan([.. datasets.Select(d => d.Train.Count)], options.BatchSize, options.Sampling, options.Seed);
        Optimizer optimizer = options.Optimizer == OptimizerKind.Sgd
            ? new Sgd(network.Parameters(), options.LearningRate, options.Momentum, weightDecay: options.WeightDecay, nesterov: options.Nesterov && options.Momentum > 0)
            : new AdamW(network.Parameters(), options.LearningRate, weightDecay: options.WeightDecay);
        LearningRateScheduler? scheduler = Schedules.Create(options.Schedule, optimizer, options.LearningRate, options.Epochs * plan.StepsPerEpoch);

        var teacherLogits = new float[]?[datasets.Count];
        if (options.Teacher is { } teacher && options.DistillationWeight > 0)
            for (int d = 0; d < datasets.Count; d++)
                if (d == 0 || options.DistillAllDatasets) teacherLogits[d] = ScoreTeacher(teacher, datasets[d], options.EvaluationBatchSize);

        var components = new LossComponents(options.Progress);
        var objective = new MultiTaskObjective(network, datasets, options, teacherLogits, options.Teacher?.ClassCount ?? 0, components);
        var loop = new TrainingLoop(WithProgress(options, components), network, optimizer, scheduler, plan.StepsPerEpoch, Kind);
        bool validates = datasets.Any(d => d.Validation is not null);
        TrainingResult result = loop.Run(ctx =>
        {
            dropoutRandom.SetState(ctx.Random.Fork().GetState());
            var (ds, idx) = plan.Batch(ctx.Epoch, ctx.BatchIndex);
            return objective.Step(ctx.Epoch, ds, idx, ctx.Random);
        }, validates ? _ => Validate(network, datasets, options.EvaluationBatchSize) : null);
        components.Flush();

        return new FeatureExtractorModel(network, [.. datasets.Select(d => d.Name)], [.. datasets.Select(ClassNames)], first.Channels, first.Height,
            result, components.History);
    }

    /// <summary>
    /// The feature length of <paramref name="backbone"/> built by <see cref="BackboneFactory"/> with
    /// <paramref name="width"/>, without building it (so a pipeline can declare its output schema).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown backbone or negative width.</exception>
    public static int FeatureSizeOf(BackboneKind backbone, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        return backbone switch
        {
            BackboneKind.Vgg => 256,
            BackboneKind.ResNet18 => (width > 0 ? width : 64) * 8,
            BackboneKind.MobileFaceNet => 128,
            _ => throw new ArgumentOutOfRangeException(nameof(backbone), backbone, "Unknown backbone."),
        };
    }

    /// <summary>
    /// Validation metrics of every dataset that has a validation set, as "NAME.accuracy", "NAME.macro_f1"
    /// and "NAME.loss"; the main dataset's also without prefix ("accuracy", ...).
    /// </summary>
    internal static IReadOnlyDictionary<string, double> Validate(MultiHeadNetwork network, IReadOnlyList<FeatureExtractorDataset> datasets, int batchSize)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int d = 0; d < datasets.Count; d++)
        {
            if (datasets[d].Validation is not { } data) continue;
            int classes = datasets[d].ClassCount;
            var predicted = new int[data.Count];
            double lossSum = 0;
            int counted = 0;
            int[] all = [.. Enumerable.Range(0, data.Count)];
            for (int s = 0; s < data.Count; s += batchSize)
            {
                int[] idx = all[s..Math.Min(s + batchSize, data.Count)];
                using TensorScope scope = TensorScope.Begin(); // the batch's activations back to the pool after it
                Tensor logits = network.HeadForward(d, network.Forward(data.Batch(idx)));
                int[] labels = data.BatchLabels(idx);
                logits.ArgMaxRows().CopyTo(predicted, s);
                if (labels.Any(l => l >= 0))
                {
                    lossSum += Losses.CrossEntropy(logits, labels, ignoreIndex: -1, reduction: Reduction.Sum).Item();
                    counted += labels.Count(l => l >= 0);
                }
            }
            foreach (var (k, v) in ClassificationScores.Compute(data.Labels!, predicted, classes, lossSum / Math.Max(counted, 1)))
            {
                metrics[datasets[d].Name + "." + k] = v;
                if (d == 0) metrics[k] = v;
            }
        }
        return metrics;
    }

    private static float[] ScoreTeacher(IDistillationTeacher teacher, FeatureExtractorDataset dataset, int batchSize)
    {
        ImageTensorSet set = dataset.Train;
        int k = teacher.ClassCount;
        var logits = new float[set.Count * k];
        int[] all = [.. Enumerable.Range(0, set.Count)];
        for (int s = 0; s < set.Count; s += batchSize)
        {
            int[] idx = all[s..Math.Min(s + batchSize, set.Count)];
            Tensor t = teacher.Logits(set.Batch(idx));
            if (t.Rank != 2 || t.Size(0) != idx.Length || t.Size(1) != k)
                throw new InvalidOperationException($"The teacher returned {Tensor.FormatShape(t.Shape)} for {idx.Length} images of '{dataset.Name}'; expected [{idx.Length}, {k}].");
            float[] values = t.ToArray();
            for (int i = 0; i < values.Length; i++)
                if (!float.IsFinite(values[i]))
                    throw new InvalidOperationException($"The teacher's logit {i % k} for example {s + i / k} of '{dataset.Name}' is {values[i]}.");
            values.CopyTo(logits, s * k);
        }
        return logits;
    }

    private static IReadOnlyList<string> ClassNames(FeatureExtractorDataset d)
        => d.Train.ClassNames.Count > 0 ? d.Train.ClassNames : [.. Enumerable.Range(0, d.ClassCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    // The loop gets the user's settings with the progress sink decorated to carry the loss components.
    private static TrainingOptions WithProgress(TrainingOptions options, LossComponents components)
    {
        var copy = new TrainingOptions();
        foreach (var p in typeof(TrainingOptions).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            if (p.CanRead && p.CanWrite) p.SetValue(copy, p.GetValue(options));
        copy.Progress = components;
        return copy;
    }

    private static void Check(IReadOnlyList<FeatureExtractorDataset> datasets, FeatureExtractorTrainerOptions options)
    {
        if (datasets.Count == 0) throw new ArgumentException("At least one dataset is needed.", nameof(datasets));
        var names = new HashSet<string>(StringComparer.Ordinal);
        ImageTensorSet? first = null;
        for (int d = 0; d < datasets.Count; d++)
        {
            FeatureExtractorDataset ds = datasets[d] ?? throw new ArgumentException($"Dataset {d} is null.", nameof(datasets));
            if (string.IsNullOrWhiteSpace(ds.Name) || ds.Name.Any(c => char.IsWhiteSpace(c) || c == '.'))
                throw new ArgumentException($"Dataset {d} has the name '{ds.Name}'; use a short name without spaces or dots.", nameof(datasets));
            if (!names.Add(ds.Name)) throw new ArgumentException($"Two datasets are named '{ds.Name}'.", nameof(datasets));
            ArgumentNullException.ThrowIfNull(ds.Train, $"{nameof(datasets)}[{d}].Train");
            if (ds.Train.Labels is null) throw new ArgumentException($"Dataset '{ds.Name}' has no class labels.", nameof(datasets));
            if (ds.Train.Count == 0) throw new ArgumentException($"Dataset '{ds.Name}' is empty.", nameof(datasets));
            if (ds.ClassCount < 1) throw new ArgumentException($"Dataset '{ds.Name}' has no labelled example and no class names.", nameof(datasets));
            if (!(ds.LossWeight >= 0) || double.IsInfinity(ds.LossWeight)) throw new ArgumentException($"Dataset '{ds.Name}' has loss weight {ds.LossWeight}; expected a finite value >= 0.", nameof(datasets));
            first ??= ds.Train;
            if (first.Height != first.Width) throw new ArgumentException($"Images must be square; '{ds.Name}' holds {first.Height}x{first.Width}.", nameof(datasets));
            foreach (var (set, what) in new[] { (ds.Train, "training"), (ds.Validation, "validation") })
            {
                if (set is null) continue;
                if (set.Channels != first.Channels || set.Height != first.Height || set.Width != first.Width)
                    throw new ArgumentException($"The {what} images of '{ds.Name}' are [{set.Channels}, {set.Height}, {set.Width}]; those of '{datasets[0].Name}' are [{first.Channels}, {first.Height}, {first.Width}]. Run the same preprocessing on every dataset.", nameof(datasets));
                if (set.Labels is null) throw new ArgumentException($"The {what} set of '{ds.Name}' has no class labels.", nameof(datasets));
                foreach (int l in set.Labels)
                    if (l >= ds.ClassCount) throw new ArgumentException($"The {what} set of '{ds.Name}' holds label {l}; the dataset has {ds.ClassCount} classes.", nameof(datasets));
            }
        }
        if (options.Teacher is { } teacher && options.DistillationWeight > 0 && teacher.ClassCount != datasets[0].ClassCount)
            throw new ArgumentException($"The teacher predicts {teacher.ClassCount} classes; the main dataset '{datasets[0].Name}' has {datasets[0].ClassCount}.", nameof(options));
    }
}
