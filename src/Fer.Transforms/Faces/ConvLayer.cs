using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;

namespace Fer.Transforms.Faces;

/// <summary>A convolution with bias, weights [out, in, k, k] (face-api's <c>convLayer</c> without activation).</summary>
internal sealed class ConvLayer(Tensor weight, Tensor bias)
{
    internal Tensor Weight { get; } = weight;

    internal Tensor Bias { get; } = bias;

    internal Tensor Forward(Tensor x, int stride, Conv2dPadding padding)
        => Functional.Conv2d(x, Weight, Bias, (stride, stride), padding);

    internal InferenceValue Describe(InferenceGraph graph, InferenceValue x, int stride, Conv2dPadding padding)
        => graph.Conv2d(x, Weight, Bias, (stride, stride), padding);
}
