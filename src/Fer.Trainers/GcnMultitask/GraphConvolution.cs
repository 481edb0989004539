using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// One graph-convolution layer (Kipf &amp; Welling, ICLR 2017) over a fixed normalised adjacency Â:
/// H' = Â H W for node features H [nodes, InFeatures] and weight W [InFeatures, OutFeatures] (ML-GCN's
/// layout and PyTorch name "weight"; no bias, as ML-GCN and Emotion-GCN). The adjacency is held by
/// reference: the owning head registers it as a buffer, so loading a state dict updates it here too.
/// </summary>
public sealed class GraphConvolution : Module
{
    private readonly Tensor adjacency;

    /// <summary>Creates a layer initialised U(-1/sqrt(out), 1/sqrt(out)) as the reference implementations.</summary>
    /// <param name="inFeatures">Input feature size per node.</param>
    /// <param name="outFeatures">Output feature size per node.</param>
    /// <param name="adjacency">Â [nodes, nodes].</param>
    /// <param name="generator">Initialisation generator.</param>
    /// <exception cref="ArgumentException">The adjacency is not square.</exception>
    public GraphConvolution(int inFeatures, int outFeatures, Tensor adjacency, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        ArgumentNullException.ThrowIfNull(adjacency);
        if (adjacency.Rank != 2 || adjacency.Size(0) != adjacency.Size(1))
            throw new ArgumentException($"The adjacency must be square [nodes, nodes]; got {Tensor.FormatShape(adjacency.Shape)}.", nameof(adjacency));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        this.adjacency = adjacency;
        float bound = 1f / MathF.Sqrt(outFeatures);
        Weight = RegisterParameter("weight", Tensor.Uniform(generator ?? Generator.Default, -bound, bound, inFeatures, outFeatures));
    }

    /// <summary>Input features per node.</summary>
    public int InFeatures { get; }

    /// <summary>Output features per node.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight [InFeatures, OutFeatures].</summary>
    public Tensor Weight { get; }

    /// <summary>Â (x W) for node features [nodes, InFeatures]; returns [nodes, OutFeatures].</summary>
    /// <exception cref="ArgumentException">The input is not [nodes, InFeatures].</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Size(0) != adjacency.Size(0) || input.Size(1) != InFeatures)
            throw new ArgumentException($"GraphConvolution expects node features [{adjacency.Size(0)}, {InFeatures}]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
        return adjacency.MatMul(input.MatMul(Weight));
    }
}
