using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// The GCN head of Antoniadis et al. (FG 2021): node inputs [nodes, NodeInputSize] (one per
/// expression, then valence and arousal) pass through two graph convolutions over the fixed label
/// graph with a leaky ReLU between them, giving one weight vector per node [nodes, FeatureSize].
/// For image features f [N, FeatureSize] the outputs are f · w_node + b_node [N, nodes]: the first
/// <see cref="Classes"/> columns are expression logits, the last two valence and arousal.
/// <para>State dict: "adjacency" (buffer), "node_embeddings" (learned, default) or "node_vectors"
/// (fixed word vectors, buffer), "gc1.weight", "gc2.weight", "bias".</para>
/// </summary>
public sealed class GcnHead : Module
{
    private readonly Tensor nodeInputs;

    /// <summary>Creates the head.</summary>
    /// <param name="adjacency">The normalised label-graph adjacency [Classes + 2, Classes + 2] (copied).</param>
    /// <param name="featureSize">Length of the image feature vector.</param>
    /// <param name="nodeInputSize">Length of a node input vector (learned embeddings), ignored when <paramref name="wordVectors"/> is given.</param>
    /// <param name="hiddenSize">Output size of the first graph convolution.</param>
    /// <param name="negativeSlope">Slope of the leaky ReLU between the two layers (0.2 in the reference code).</param>
    /// <param name="wordVectors">Fixed node inputs [nodes, d] (e.g. GloVe vectors of the node names), or null to learn embeddings.</param>
    /// <param name="generator">Initialisation generator.</param>
    /// <exception cref="ArgumentException">The adjacency is not square with at least 3 nodes, or the word vectors have another node count.</exception>
    public GcnHead(Tensor adjacency, int featureSize, int nodeInputSize = 300, int hiddenSize = 512, float negativeSlope = 0.2f,
        Tensor? wordVectors = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(adjacency);
        if (adjacency.Rank != 2 || adjacency.Size(0) != adjacency.Size(1) || adjacency.Size(0) < 3)
            throw new ArgumentException($"The adjacency must be [nodes, nodes] with nodes = classes + 2 >= 3; got {Tensor.FormatShape(adjacency.Shape)}.", nameof(adjacency));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        if (!float.IsFinite(negativeSlope) || negativeSlope < 0) throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The leaky ReLU slope must be finite and >= 0.");
        generator ??= Generator.Default;
        int nodes = adjacency.Size(0);
        Tensor adj = RegisterBuffer("adjacency", adjacency.Clone().Detach());
        if (wordVectors is not null)
        {
            if (wordVectors.Rank != 2 || wordVectors.Size(0) != nodes || wordVectors.Size(1) < 1)
                throw new ArgumentException($"Word vectors must be [{nodes}, d]; got {Tensor.FormatShape(wordVectors.Shape)}.", nameof(wordVectors));
            nodeInputs = RegisterBuffer("node_vectors", wordVectors.Clone().Detach());
            FixedNodeInputs = true;
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodeInputSize);
            nodeInputs = RegisterParameter("node_embeddings", Tensor.Normal(generator, 0f, 1f, nodes, nodeInputSize));
        }
        NodeInputSize = nodeInputs.Size(1);
        FeatureSize = featureSize;
        HiddenSize = hiddenSize;
        NegativeSlope = negativeSlope;
        Gc1 = RegisterModule("gc1", new GraphConvolution(NodeInputSize, hiddenSize, adj, generator));
        Gc2 = RegisterModule("gc2", new GraphConvolution(hiddenSize, featureSize, adj, generator));
        Bias = RegisterParameter("bias", Tensor.Zeros(nodes));
    }

    /// <summary>Number of expression classes (nodes - 2).</summary>
    public int Classes => NodeCount - 2;

    /// <summary>Number of graph nodes.</summary>
    public int NodeCount => nodeInputs.Size(0);

    /// <summary>Length of a node input vector.</summary>
    public int NodeInputSize { get; }

    /// <summary>Length of the image feature vector (and of each produced weight vector).</summary>
    public int FeatureSize { get; }

    /// <summary>Output size of the first graph convolution.</summary>
    public int HiddenSize { get; }

    /// <summary>Slope of the leaky ReLU.</summary>
    public float NegativeSlope { get; }

    /// <summary>True when the node inputs are fixed word vectors, false when they are learned embeddings.</summary>
    public bool FixedNodeInputs { get; }

    /// <summary>The first graph convolution.</summary>
    public GraphConvolution Gc1 { get; }

    /// <summary>The second graph convolution.</summary>
    public GraphConvolution Gc2 { get; }

    /// <summary>One bias per node [nodes].</summary>
    public Tensor Bias { get; }

    /// <summary>The per-node weight vectors the GCN produces [nodes, FeatureSize].</summary>
    public Tensor NodeWeights() => Gc2.Forward(Functional.LeakyRelu(Gc1.Forward(nodeInputs), NegativeSlope));

    /// <summary>Outputs [N, nodes] (logits, then valence and arousal) of image features [N, FeatureSize].</summary>
    /// <exception cref="ArgumentException">The features are not [N, FeatureSize].</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Size(1) != FeatureSize)
            throw new ArgumentException($"GcnHead expects features [N, {FeatureSize}]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        return Tensor.Linear(input, NodeWeights(), Bias);
    }

    /// <inheritdoc />
    /// <remarks>The graph convolutions depend on the weights only, so their result enters the plan as one linear layer.</remarks>
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using (GradMode.NoGrad()) return graph.Linear(input, NodeWeights(), Bias);
    }
}
