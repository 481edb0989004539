using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Trainers.Augmentation;
using Fer.Trainers.Training;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// The loss of one multi-dataset batch: one backbone pass for all rows, then
/// (1) each dataset's classification loss on its own rows through its own head,
/// (2) distillation T² KL(teacher_T || student_T) through the main head on the rows the teacher scored,
/// (3) a triplet margin loss on L2-normalised features, triplets mined in the batch by label.
/// Components go to <see cref="LossComponents"/>.
/// </summary>
internal sealed class MultiTaskObjective
{
    private readonly MultiHeadNetwork network;
    private readonly IReadOnlyList<FeatureExtractorDataset> datasets;
    private readonly FeatureExtractorTrainerOptions options;
    private readonly float[]?[] teacherLogits;
    private readonly int teacherClasses;
    private readonly bool[] soft;
    private readonly LossComponents components;

    internal MultiTaskObjective(MultiHeadNetwork network, IReadOnlyList<FeatureExtractorDataset> datasets, FeatureExtractorTrainerOptions options,
        float[]?[] teacherLogits, int teacherClasses, LossComponents components)
    {
        this.network = network;
        this.datasets = datasets;
        this.options = options;
        this.teacherLogits = teacherLogits;
        this.teacherClasses = teacherClasses;
        this.components = components;
        soft = [.. datasets.Select(d => options.UseProbabilityTargets && d.Train.Targets is not null && d.Train.TargetWidth == d.ClassCount)];
    }

    /// <summary>Gathers the rows, augments them with <paramref name="random"/>, computes the loss and back-propagates it.</summary>
    internal StepResult Step(int epoch, int[] dataset, int[] index, Generator random)
    {
        components.BeginStep(epoch);
        var first = datasets[0].Train;
        int per = first.ImageSize, b = dataset.Length;
        var data = new float[b * per];
        for (int i = 0; i < b; i++) datasets[dataset[i]].Train.Images.AsSpan(index[i] * per, per).CopyTo(data.AsSpan(i * per, per));
        Tensor images = BatchAugmenter.Apply(Tensor.Wrap(data, b, first.Channels, first.Height, first.Width), options.Augmentation, random.Fork());
        Tensor loss = Loss(images, dataset, index, random.Fork());
        loss.Backward();
        return new StepResult(loss.Item(), b);
    }

    /// <summary>The total loss of a batch (with its graph).</summary>
    internal Tensor Loss(Tensor images, int[] dataset, int[] index, Generator random)
    {
        int b = dataset.Length;
        Tensor features = network.Forward(images);
        var terms = new List<Tensor>();

        if (options.ClassificationWeight > 0)
        {
            Tensor? classification = null;
            for (int d = 0; d < datasets.Count; d++)
            {
                int[] rows = [.. Enumerable.Range(0, b).Where(i => dataset[i] == d)];
                if (rows.Length == 0) continue;
                int[] examples = [.. rows.Select(i => index[i])];
                Tensor logits = network.HeadForward(d, features.IndexSelect(0, rows));
                var set = datasets[d].Train;
                Tensor sum = soft[d]
                    ? Losses.CrossEntropy(logits, set.BatchTargets(examples), labelSmoothing: options.LabelSmoothing, reduction: Reduction.Sum)
                    : Losses.CrossEntropy(logits, set.BatchLabels(examples), labelSmoothing: options.LabelSmoothing, ignoreIndex: -1, reduction: Reduction.Sum);
                int counted = soft[d] ? rows.Length : examples.Count(e => set.Labels![e] >= 0);
                components.Mean("loss." + datasets[d].Name, counted == 0 ? 0 : sum.Item() / counted, counted);
                components.Count("rows." + datasets[d].Name, rows.Length);
                Tensor weighted = sum.Mul((float)(datasets[d].LossWeight / b));
                classification = classification is null ? weighted : classification.Add(weighted);
            }
            if (classification is not null)
            {
                components.Mean("loss.classification", classification.Item(), b);
                terms.Add(classification.Mul((float)options.ClassificationWeight));
            }
        }

        if (options.DistillationWeight > 0 && teacherLogits.Any(t => t is not null))
        {
            int[] rows = [.. Enumerable.Range(0, b).Where(i => teacherLogits[dataset[i]] is not null)];
            if (rows.Length > 0)
            {
                int k = teacherClasses;
                var t = new float[rows.Length * k];
                for (int r = 0; r < rows.Length; r++) teacherLogits[dataset[rows[r]]]!.AsSpan(index[rows[r]] * k, k).CopyTo(t.AsSpan(r * k, k));
                float temperature = (float)options.Temperature;
                Tensor student = network.HeadForward(0, features.IndexSelect(0, rows)).Div(temperature);
                Tensor target = Functional.Softmax(Tensor.Wrap(t, rows.Length, k).Div(temperature), 1);
                Tensor kd = Losses.KlDivergence(Functional.LogSoftmax(student, 1), target, Reduction.BatchMean).Mul(temperature * temperature);
                components.Mean("loss.distillation", kd.Item(), rows.Length);
                components.Count("rows.distilled", rows.Length);
                terms.Add(kd.Mul((float)options.DistillationWeight));
            }
        }

        if (options.TripletWeight > 0)
        {
            Tensor embeddings = features.Div(features.Square().Sum(1, keepDim: true).Add(1e-12f).Sqrt());
            var labels = new int[b];
            for (int i = 0; i < b; i++) labels[i] = datasets[dataset[i]].Train.Labels![index[i]];
            var (a, p, n) = TripletMiner.Mine(embeddings.ToArray(), features.Size(1), dataset, labels, options.TripletMining, options.TripletMargin, random);
            if (a.Length > 0)
            {
                Tensor triplet = Losses.TripletMargin(embeddings.IndexSelect(0, a), embeddings.IndexSelect(0, p), embeddings.IndexSelect(0, n), options.TripletMargin);
                components.Mean("loss.triplet", triplet.Item(), a.Length);
                components.Count("triplets", a.Length);
                terms.Add(triplet.Mul((float)options.TripletWeight));
            }
        }

        // A batch with nothing to learn from still needs a graph to back-propagate (zero gradients).
        Tensor total = terms.Count == 0 ? features.Sum().Mul(0f) : terms.Aggregate((x, y) => x.Add(y));
        return total;
    }
}
