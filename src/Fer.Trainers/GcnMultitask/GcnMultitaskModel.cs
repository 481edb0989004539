using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Trainers.Backbones;
using Fer.Trainers.Heads;
using Fer.Trainers.Training;

using Fer.Trainers.Inference;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// A trained GCN multi-task model: the network (backbone, or the pass-through input for feature
/// vectors, then a <see cref="GcnHead"/> or <see cref="IndependentHeads"/>), its layout and class
/// names, and, when trained in this process, the label graph and training history.
/// </summary>
public sealed class GcnMultitaskModel
{
    /// <summary>Wraps a network built by <see cref="CreateNetwork"/>.</summary>
    /// <exception cref="ArgumentException">The network's head does not match the layout.</exception>
    public GcnMultitaskModel(ExpressionNetwork network, GcnMultitaskLayout layout, LabelGraph? graph = null, TrainingResult? training = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(layout);
        layout.Validate();
        bool matches = layout.Head == MultitaskHeadKind.Gcn
            ? network.Head is GcnHead g && g.Classes == layout.ClassNames.Count
            : network.Head is IndependentHeads h && h.Classes == layout.ClassNames.Count;
        if (!matches) throw new ArgumentException($"The network's head ({network.Head.GetType().Name}) does not match the layout ({layout.Head}, {layout.ClassNames.Count} classes).", nameof(network));
        Network = network;
        Layout = layout;
        Graph = graph;
        Training = training;
        network.Eval();
        plans = new PlanCache(g =>
        {
            var (output, features) = network.DescribeWithFeatures(g, g.Input);
            return [output, features];
        });
    }

    // Outputs: the head's [N, K + 2] and the features, for image input.
    private readonly PlanCache plans;

    /// <summary>The network (evaluation mode): input to [N, K + 2] (logits, valence, arousal).</summary>
    public ExpressionNetwork Network { get; }

    /// <summary>How the network is built.</summary>
    public GcnMultitaskLayout Layout { get; }

    /// <summary>Class names in output order.</summary>
    public IReadOnlyList<string> ClassNames => Layout.ClassNames;

    /// <summary>The label graph the model was trained with, when trained in this process (null after loading; the adjacency itself is in the weights).</summary>
    public LabelGraph? Graph { get; }

    /// <summary>The training history, when trained in this process.</summary>
    public TrainingResult? Training { get; }

    /// <summary>Length of the features the head reads.</summary>
    public int FeatureSize => Network.Backbone.FeatureSize;

    /// <summary>Node names: the classes, then "valence" and "arousal".</summary>
    public IReadOnlyList<string> NodeNames => [.. ClassNames, "valence", "arousal"];

    /// <summary>
    /// Builds an untrained network for <paramref name="layout"/>. A GCN head needs the normalised
    /// adjacency [nodes, nodes] (zeros are fine before loading weights) and, for fixed node inputs, the
    /// word vectors [nodes, NodeInputSize].
    /// </summary>
    /// <exception cref="ArgumentException">A tensor has the wrong shape, or one the layout needs is missing.</exception>
    public static ExpressionNetwork CreateNetwork(GcnMultitaskLayout layout, Tensor? adjacency, Tensor? wordVectors, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        layout.Validate();
        generator ??= Generator.Default;
        Module backbone = layout.FeatureInput
            ? new FeatureVectorInput(layout.FeatureSize)
            : BackboneFactory.Create(layout.Backbone, layout.InChannels, layout.InputSize, layout.BackboneWidth, generator);
        int features = ((IBackbone)backbone).FeatureSize;
        int nodes = layout.NodeCount;
        Module head;
        if (layout.Head == MultitaskHeadKind.Gcn)
        {
            if (adjacency is null) throw new ArgumentException("A GCN head needs the label-graph adjacency.", nameof(adjacency));
            if (adjacency.Rank != 2 || adjacency.Size(0) != nodes || adjacency.Size(1) != nodes)
                throw new ArgumentException($"The adjacency is {Tensor.FormatShape(adjacency.Shape)}; {layout.ClassNames.Count} classes need [{nodes}, {nodes}].", nameof(adjacency));
            if (layout.FixedNodeInputs && wordVectors is null) throw new ArgumentException("The layout has fixed node inputs; pass the word vectors.", nameof(wordVectors));
            if (!layout.FixedNodeInputs && wordVectors is not null) throw new ArgumentException("The layout learns node embeddings; word vectors were given.", nameof(wordVectors));
            if (wordVectors is not null && (wordVectors.Rank != 2 || wordVectors.Size(0) != nodes || wordVectors.Size(1) != layout.NodeInputSize))
                throw new ArgumentException($"Word vectors are {Tensor.FormatShape(wordVectors.Shape)}; expected [{nodes}, {layout.NodeInputSize}].", nameof(wordVectors));
            head = new GcnHead(adjacency, features, layout.NodeInputSize, layout.HiddenSize, layout.NegativeSlope, wordVectors, generator);
        }
        else
        {
            head = new IndependentHeads(features, layout.ClassNames.Count, generator);
        }
        return new ExpressionNetwork(backbone, head);
    }

    /// <summary>The head's normalised adjacency [nodes, nodes], or null for independent heads.</summary>
    public Tensor? Adjacency => Network.Head is GcnHead ? Network.StateDict()["head.adjacency"] : null;

    /// <summary>
    /// The label graph as text tables (what <c>fer train gcn-multitask --verbose</c> prints): the
    /// correlations and adjacency when the graph is known, else the adjacency held in the weights.
    /// </summary>
    public string FormatAdjacency()
    {
        if (Graph is not null) return Graph.FormatAdjacency();
        if (Adjacency is not Tensor a) return "Independent heads: no label graph.";
        int n = a.Size(0);
        float[] v = a.ToArray();
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) m[i, j] = v[i * n + j];
        return "Adjacency D^-1/2 A D^-1/2 (row i = weights node i gathers):" + Environment.NewLine + LabelGraph.FormatMatrix(m, NodeNames);
    }

    /// <summary>
    /// Predictions for input [N, C, H, W] (images) or [N, F] (feature vectors), computed in chunks of
    /// <paramref name="batchSize"/>. Images go through an inference plan compiled on first use (later weight
    /// changes are not seen). Thread-safe.
    /// </summary>
    /// <exception cref="ArgumentException">The input's shape does not match the model.</exception>
    public GcnMultitaskPrediction Predict(Tensor input, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        using var _ = GradMode.NoGrad();
        int n = input.Size(0), k = ClassNames.Count;
        var probs = new List<Tensor>();
        var feats = new List<Tensor>();
        var valence = new float[n];
        var arousal = new float[n];
        for (int s = 0; s < n; s += batchSize)
        {
            int count = Math.Min(batchSize, n - s);
            Tensor chunk = input.Narrow(0, s, count);
            var (logits, va, features) = plans.TryRun(chunk) is { } compiled ? Split((compiled[0], compiled[1]), k) : Forward(chunk);
            probs.Add(Functional.Softmax(logits, 1));
            feats.Add(features);
            float[] vaData = va.ToArray();
            for (int i = 0; i < count; i++)
            {
                valence[s + i] = vaData[2 * i];
                arousal[s + i] = vaData[2 * i + 1];
            }
        }
        return n == 0
            ? new GcnMultitaskPrediction(Tensor.Zeros(0, k), [], [], Tensor.Zeros(0, FeatureSize))
            : new GcnMultitaskPrediction(Tensor.Concat(probs, 0), valence, arousal, Tensor.Concat(feats, 0));
    }

    /// <summary>Logits [N, K], valence/arousal [N, 2] and features [N, F] of a batch (records the graph when grad mode is on).</summary>
    internal (Tensor Logits, Tensor ValenceArousal, Tensor Features) Forward(Tensor input)
        => Split(Network.ForwardWithFeatures(input), ClassNames.Count);

    internal static (Tensor Logits, Tensor ValenceArousal, Tensor Features) Split((Tensor Output, Tensor Features) r, int classes)
        => (r.Output.Narrow(1, 0, classes), r.Output.Narrow(1, classes, 2), r.Features);
}
