using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Trainers.Training;

using Fer.Trainers.Inference;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// A trained feature extractor: the shared backbone with its per-dataset heads, the dataset names and
/// label sets, and the input it expects. Its product is <see cref="ExtractFeatures"/>; the heads stay
/// available for scoring each label set.
/// </summary>
public sealed class FeatureExtractorModel
{
    /// <summary>Wraps a trained network.</summary>
    /// <exception cref="ArgumentException">The head count differs from the dataset count, or a head has no classes.</exception>
    public FeatureExtractorModel(MultiHeadNetwork network, IReadOnlyList<string> datasetNames, IReadOnlyList<IReadOnlyList<string>> classNames,
        int inChannels, int inputSize, TrainingResult? training = null, IReadOnlyList<IReadOnlyDictionary<string, double>>? lossHistory = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(datasetNames);
        ArgumentNullException.ThrowIfNull(classNames);
        if (datasetNames.Count != network.Heads.Count || classNames.Count != network.Heads.Count)
            throw new ArgumentException($"The network has {network.Heads.Count} heads; {datasetNames.Count} dataset names and {classNames.Count} class lists were given.", nameof(datasetNames));
        for (int i = 0; i < classNames.Count; i++)
            if (classNames[i].Count == 0) throw new ArgumentException($"Head {i} ('{datasetNames[i]}') has no class names.", nameof(classNames));
        Network = network;
        DatasetNames = datasetNames;
        ClassNames = classNames;
        InChannels = inChannels;
        InputSize = inputSize;
        Training = training;
        LossHistory = lossHistory ?? [];
        network.Eval();
        plans = new PlanCache(graph =>
        {
            InferenceValue features = network.Describe(graph, graph.Input);
            return [features, .. network.Heads.Select(h => graph.Softmax(h.Describe(graph, features)))];
        });
    }

    // Outputs: the features, then each head's class probabilities.
    private readonly PlanCache plans;

    /// <summary>The network (in evaluation mode).</summary>
    public MultiHeadNetwork Network { get; }

    /// <summary>Dataset names, one per head; the first is the main dataset.</summary>
    public IReadOnlyList<string> DatasetNames { get; }

    /// <summary>Class names of each head.</summary>
    public IReadOnlyList<IReadOnlyList<string>> ClassNames { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Input side in pixels.</summary>
    public int InputSize { get; }

    /// <summary>Length of a feature vector.</summary>
    public int FeatureSize => Network.Backbone.FeatureSize;

    /// <summary>The training history, when this model was trained in this process.</summary>
    public TrainingResult? Training { get; }

    /// <summary>Per epoch of this process's run: the mean of each loss component ("loss.classification", "loss.distillation", "loss.triplet", "loss.NAME", "rows.NAME"...).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> LossHistory { get; }

    /// <summary>
    /// Features [N, F] of normalised images [N, C, H, W], computed in chunks of <paramref name="batchSize"/>.
    /// The first call compiles the network into an inference plan (later weight changes are not seen). Thread-safe.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not [N, InChannels, InputSize, InputSize].</exception>
    public Tensor ExtractFeatures(Tensor images, int batchSize = 256) => Run(images, batchSize, null);

    /// <summary>Class probabilities [N, K] of head <paramref name="head"/> for normalised images [N, C, H, W].</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such head.</exception>
    public Tensor PredictHead(int head, Tensor images, int batchSize = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(head);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(head, Network.Heads.Count);
        return Run(images, batchSize, head);
    }

    private Tensor Run(Tensor images, int batchSize, int? head)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (images.Rank != 4 || images.Size(1) != InChannels || images.Size(2) != InputSize || images.Size(3) != InputSize)
            throw new ArgumentException($"The feature extractor takes images [N, {InChannels}, {InputSize}, {InputSize}]; got {Tensor.FormatShape(images.Shape)}.", nameof(images));
        using var _ = GradMode.NoGrad();
        int n = images.Size(0);
        int width = head is int h ? ClassNames[h].Count : FeatureSize;
        if (n == 0) return Tensor.Zeros(0, width);
        var parts = new List<Tensor>();
        for (int s = 0; s < n; s += batchSize)
        {
            Tensor chunk = images.Narrow(0, s, Math.Min(batchSize, n - s));
            if (plans.TryRun(chunk) is { } compiled)
            {
                parts.Add(compiled[head is int c ? c + 1 : 0]);
                continue;
            }

            Tensor f = Network.Forward(chunk);
            parts.Add(head is int k ? Functional.Softmax(Network.HeadForward(k, f), 1) : f);
        }
        return parts.Count == 1 ? parts[0] : Tensor.Concat(parts, 0);
    }
}
