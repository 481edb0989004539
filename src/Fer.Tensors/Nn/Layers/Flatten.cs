using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>
/// Merges dimensions <see cref="StartDim"/>..<see cref="EndDim"/> into one, as PyTorch's nn.Flatten
/// (defaults 1 and −1: [N, C, H, W] → [N, C·H·W]). A view when the input is contiguous.
/// </summary>
public sealed class Flatten : Module
{
    /// <summary>Creates the layer; negative dimensions count from the end.</summary>
    public Flatten(int startDim = 1, int endDim = -1)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    /// <summary>First dimension merged.</summary>
    public int StartDim { get; }

    /// <summary>Last dimension merged.</summary>
    public int EndDim { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range for the input's rank.</exception>
    /// <exception cref="ArgumentException">EndDim comes before StartDim for this input.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten(StartDim, EndDim);
    }

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (StartDim != 1 || EndDim != -1) throw new NotSupportedException($"Flatten({StartDim}, {EndDim}) has no inference description; only Flatten(1, -1).");
        return graph.Flatten(input);
    }
}
