using System.Globalization;
using Fer.Tensors;
using Fer.Tensors.Memory;
using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;
using Fer.Tensors.Random;
using Fer.Trainers.Augmentation;
using Fer.Trainers.Data;
using Fer.Trainers.Heads;
using Fer.Trainers.Supervised;
using Fer.Trainers.Training;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// Trains expressions and valence/arousal together (Antoniadis, Filntisis &amp; Maragos, "Exploiting
/// Emotional Dependencies with Graph Convolutional Networks for Facial Expression Recognition", FG
/// 2021): a backbone (or pre-extracted features) and a head whose expression classifiers and
/// valence/arousal regressors are produced by a GCN over a label graph built from the training labels
/// (<see cref="LabelGraph"/>), or, for the ablation, two independent linear heads. Loss: class-weighted
/// cross-entropy + lambda (1 - mean CCC of valence and arousal). Runs on <see cref="TrainingLoop"/>
/// (validation, early stopping, best-epoch restore, checkpoints, resume).
/// <para>Input: an <see cref="ImageTensorSet"/> of images [C, H, W] with H = W &gt;= 32, or of
/// feature vectors stored as 1x1 images [F, 1, 1]; with class labels (-1 = unlabelled) and valence
/// and arousal (NaN = missing).</para>
/// </summary>
public static class GcnMultitaskTrainer
{
    /// <summary>The trainer's kind in checkpoints.</summary>
    public const string Kind = "gcn-multitask";

    /// <summary>The label graph <see cref="Train"/> builds from <paramref name="train"/> (to print before training).</summary>
    /// <exception cref="ArgumentException">The set lacks labels or valence/arousal.</exception>
    public static LabelGraph BuildGraph(ImageTensorSet train, GcnMultitaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        CheckTargets(train, "train");
        return LabelGraph.Build(train.Labels, train.Valence, train.Arousal, ClassNames(train), options.AdjacencyThreshold, options.AdjacencyReweight);
    }

    /// <summary>Trains on <paramref name="train"/>, validating on <paramref name="validation"/> when given.</summary>
    /// <exception cref="ArgumentException">The data lacks labels or valence/arousal, is empty, or the two sets differ in input shape or classes.</exception>
    /// <exception cref="InvalidDataException">The word-vector file is malformed or lacks a node.</exception>
    public static GcnMultitaskModel Train(ImageTensorSet train, ImageTensorSet? validation, GcnMultitaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Count == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        GcnMultitaskLayout layout = LayoutFor(train, options);
        if (validation is not null)
        {
            if (validation.Channels != train.Channels || validation.Height != train.Height || validation.Width != train.Width)
                throw new ArgumentException($"Validation inputs are {validation.Channels}x{validation.Height}x{validation.Width}; training inputs are {train.Channels}x{train.Height}x{train.Width}.", nameof(validation));
            if (validation.ClassNames.Count > 0 && !validation.ClassNames.SequenceEqual(layout.ClassNames))
                throw new ArgumentException($"Validation classes ({string.Join(", ", validation.ClassNames)}) differ from training classes ({string.Join(", ", layout.ClassNames)}).", nameof(validation));
            CheckTargets(validation, "validation");
        }
        LabelGraph graph = BuildGraph(train, options);
        Tensor? words = options.WordVectorsPath is null ? null : WordVectors.Load(options.WordVectorsPath, graph.NodeNames);
        if (words is not null) layout = layout with { NodeInputSize = words.Size(1), FixedNodeInputs = true };

        var init = new Generator(options.Seed);
        ExpressionNetwork network = GcnMultitaskModel.CreateNetwork(layout, graph.ToTensor(), words, init);
        var dropoutRandom = new Generator(0);
        foreach (var (_, m) in network.NamedModules()) if (m is Dropout d) d.Generator = dropoutRandom;

        int k = layout.ClassNames.Count;
        int steps = (train.Count + options.BatchSize - 1) / options.BatchSize;
        Optimizer optimizer = options.Optimizer == OptimizerKind.Sgd
            ? new Sgd(network.Parameters(), options.LearningRate, options.Momentum, weightDecay: options.WeightDecay, nesterov: options.Momentum > 0)
            : new AdamW(network.Parameters(), options.LearningRate, weightDecay: options.WeightDecay);
        LearningRateScheduler? scheduler = Schedules.Create(options.Schedule, optimizer, options.LearningRate, options.Epochs * steps);
        Tensor? classWeights = options.BalanceClasses ? MinOverCount(train.ClassCounts(k)) : null;

        var loop = new TrainingLoop(options, network, optimizer, scheduler, steps, Kind);
        TrainingResult result = loop.Run(ctx =>
        {
            dropoutRandom.SetState(ctx.Random.Fork().GetState());
            int[] order = TrainingLoop.EpochOrder(options.Seed, ctx.Epoch, train.Count);
            int start = ctx.BatchIndex * options.BatchSize;
            ReadOnlySpan<int> idx = order.AsSpan(start, Math.Min(options.BatchSize, train.Count - start));
            Tensor input = train.Batch(idx);
            if (!layout.FeatureInput) input = BatchAugmenter.Apply(input, options.Augmentation, ctx.Random.Fork());
            var (logits, va, _) = GcnMultitaskModel.Split(network.ForwardWithFeatures(input), k);
            var (classification, regression) = BatchLosses(logits, va, train, idx, classWeights);
            Tensor loss = Combine(classification, regression, options.RegressionWeight)
                ?? throw new ArgumentException($"Batch {ctx.BatchIndex + 1} of epoch {ctx.Epoch + 1} has no label and fewer than two valence/arousal values; nothing to learn from.", nameof(train));
            loss.Backward();
            return new StepResult(loss.Item(), idx.Length);
        }, validation is null ? null : _ => Evaluate(network, layout, validation, options.EvaluationBatchSize, options.RegressionWeight));

        return new GcnMultitaskModel(network, layout, graph, result);
    }

    /// <summary>
    /// Metrics of <paramref name="model"/> on labelled <paramref name="data"/>: "accuracy", "macro_f1",
    /// "loss_classification" (unweighted cross-entropy), "ccc_valence", "ccc_arousal", "ccc_mean",
    /// "rmse_valence", "rmse_arousal", "loss_regression" (1 - ccc_mean over the whole set) and "loss"
    /// (classification + lambda regression). Rows with label -1 or NaN valence/arousal are left out of
    /// the metrics they lack.
    /// </summary>
    /// <exception cref="ArgumentException">The data lacks labels or valence/arousal, or its inputs do not fit the model.</exception>
    public static IReadOnlyDictionary<string, double> Evaluate(GcnMultitaskModel model, ImageTensorSet data, int batchSize = 256, double regressionWeight = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        CheckTargets(data, "evaluation");
        model.Network.Eval();
        using var _ = Tensors.Autograd.GradMode.NoGrad();
        return Evaluate(model.Network, model.Layout, data, batchSize, regressionWeight);
    }

    internal static Dictionary<string, double> Evaluate(ExpressionNetwork network, GcnMultitaskLayout layout, ImageTensorSet data, int batchSize, double regressionWeight)
    {
        int k = layout.ClassNames.Count, n = data.Count;
        var predicted = new int[n];
        var valence = new float[n];
        var arousal = new float[n];
        double ceSum = 0;
        int labelled = 0;
        int[] all = [.. Enumerable.Range(0, n)];
        for (int s = 0; s < n; s += batchSize)
        {
            ReadOnlySpan<int> idx = all.AsSpan(s, Math.Min(batchSize, n - s));
            using TensorScope scope = TensorScope.Begin(); // the batch's activations back to the pool after it
            var (logits, va, _) = GcnMultitaskModel.Split(network.ForwardWithFeatures(data.Batch(idx)), k);
            logits = logits.Contiguous();
            logits.ArgMaxRows().CopyTo(predicted, s);
            float[] v = va.ToArray();
            for (int i = 0; i < idx.Length; i++) (valence[s + i], arousal[s + i]) = (v[2 * i], v[2 * i + 1]);
            int[] labels = data.BatchLabels(idx);
            int count = labels.Count(l => l >= 0);
            if (count > 0)
            {
                ceSum += Losses.CrossEntropy(logits, labels, ignoreIndex: -1, reduction: Reduction.Sum).Item();
                labelled += count;
            }
        }
        var scores = ClassificationScores.Compute(data.Labels!, predicted, k, labelled == 0 ? double.NaN : ceSum / labelled);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["accuracy"] = scores["accuracy"],
            ["macro_f1"] = scores["macro_f1"],
            ["loss_classification"] = scores["loss"],
        };
        var va2 = Metrics.RegressionEvaluator.EvaluateValenceArousal(data.Valence, valence, data.Arousal, arousal);
        metrics["ccc_valence"] = va2.Valence.Ccc;
        metrics["ccc_arousal"] = va2.Arousal.Ccc;
        metrics["ccc_mean"] = (va2.Valence.Ccc + va2.Arousal.Ccc) / 2;
        metrics["rmse_valence"] = va2.Valence.Rmse;
        metrics["rmse_arousal"] = va2.Arousal.Rmse;
        metrics["loss_regression"] = 1 - metrics["ccc_mean"];
        metrics["loss"] = (labelled == 0 ? 0 : metrics["loss_classification"]) + regressionWeight * metrics["loss_regression"];
        return metrics;
    }

    /// <summary>The layout <see cref="Train"/> uses for <paramref name="train"/> (before word vectors set the node input size).</summary>
    /// <exception cref="ArgumentException">The set's input shape fits neither images nor feature vectors, or it has no labels.</exception>
    public static GcnMultitaskLayout LayoutFor(ImageTensorSet train, GcnMultitaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        CheckTargets(train, "train");
        bool features = train.Height == 1 && train.Width == 1;
        if (!features && train.Height != train.Width)
            throw new ArgumentException($"Training images must be square; they are {train.Height}x{train.Width}.", nameof(train));
        return new GcnMultitaskLayout(features, features ? 0 : train.Channels, features ? 0 : train.Height, features ? train.Channels : 0,
            options.Backbone, options.BackboneWidth, options.Head, ClassNames(train), options.NodeInputSize, options.GcnHiddenSize, options.NegativeSlope, false);
    }

    private static (Tensor? Classification, Tensor? Regression) BatchLosses(Tensor logits, Tensor va, ImageTensorSet data, ReadOnlySpan<int> idx, Tensor? classWeights)
    {
        int[] labels = data.BatchLabels(idx);
        Tensor? ce = labels.Any(l => l >= 0) ? Losses.CrossEntropy(logits, labels, classWeights, ignoreIndex: -1) : null;
        var rows = new List<int>(idx.Length);
        var target = new List<float>(2 * idx.Length);
        for (int i = 0; i < idx.Length; i++)
        {
            float v = data.Valence![idx[i]], a = data.Arousal![idx[i]];
            if (!float.IsFinite(v) || !float.IsFinite(a)) continue;
            rows.Add(i);
            target.Add(v);
            target.Add(a);
        }
        // CCC is a statistic over the batch: it needs at least two examples.
        Tensor? ccc = rows.Count < 2 ? null
            : Losses.ConcordanceCorrelation(rows.Count == idx.Length ? va : va.IndexSelect(0, rows.ToArray()), Tensor.Wrap([.. target], rows.Count, 2));
        return (ce, ccc);
    }

    private static Tensor? Combine(Tensor? classification, Tensor? regression, double weight)
    {
        Tensor? r = regression is null || weight == 0 ? null : regression.Mul((float)weight);
        return classification is null ? r : r is null ? classification : classification.Add(r);
    }

    private static void CheckTargets(ImageTensorSet data, string which)
    {
        if (data.Labels is null) throw new ArgumentException($"The {which} set has no class labels.", nameof(data));
        if (data.Valence is null || data.Arousal is null)
            throw new ArgumentException($"The {which} set has no valence/arousal. For data with expression votes only (FER+), derive them with {nameof(DerivedValenceArousal)}.", nameof(data));
        int present = 0;
        for (int i = 0; i < data.Count && present < 2; i++)
            if (float.IsFinite(data.Valence[i]) && float.IsFinite(data.Arousal[i])) present++;
        if (present < 2) throw new ArgumentException($"The {which} set has fewer than two examples with both valence and arousal.", nameof(data));
    }

    private static IReadOnlyList<string> ClassNames(ImageTensorSet data)
    {
        if (data.ClassNames.Count > 0) return data.ClassNames;
        int k = data.Labels!.DefaultIfEmpty(-1).Max() + 1;
        if (k < 1) throw new ArgumentException("The set has no labelled example and no class names.", nameof(data));
        return [.. Enumerable.Range(0, k).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    }

    // The paper's weights: n_min / n_k over the classes present (absent classes get 0).
    private static Tensor MinOverCount(int[] counts)
    {
        int min = counts.Where(c => c > 0).DefaultIfEmpty(1).Min();
        float[] weights = [.. counts.Select(c => c == 0 ? 0f : (float)min / c)];
        return Tensor.FromArray(weights);
    }
}
