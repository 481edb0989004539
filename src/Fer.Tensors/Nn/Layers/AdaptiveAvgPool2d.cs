using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>Adaptive average pooling layer (PyTorch's nn.AdaptiveAvgPool2d): [N, C, H, W] to [N, C, OutputSize.H, OutputSize.W].</summary>
public sealed class AdaptiveAvgPool2d : Module
{
    /// <summary>Creates the layer; (1, 1) is global average pooling.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An output size is not positive.</exception>
    public AdaptiveAvgPool2d((int H, int W) outputSize) => OutputSize = Conv2d.CheckPair(outputSize, nameof(outputSize));

    /// <summary>Square output size.</summary>
    public AdaptiveAvgPool2d(int outputSize)
        : this((outputSize, outputSize))
    {
    }

    /// <summary>(height, width) of the output.</summary>
    public (int H, int W) OutputSize { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.AdaptiveAvgPool2d(input, OutputSize);
    }
}
