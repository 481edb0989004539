using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;

namespace Fer.Transforms.Faces;

/// <summary>
/// TensorFlow's separable convolution plus bias: a depthwise 3x3 convolution ([C, 1, 3, 3], groups = C)
/// with the given stride and padding, then a pointwise 1x1 convolution ([C_out, C, 1, 1]) with bias.
/// </summary>
internal sealed class SeparableConvLayer(Tensor depthwise, Tensor pointwise, Tensor bias)
{
    internal Tensor Depthwise { get; } = depthwise;

    internal Tensor Pointwise { get; } = pointwise;

    internal Tensor Bias { get; } = bias;

    internal Tensor Forward(Tensor x, int stride, Conv2dPadding padding)
    {
        Tensor d = Functional.Conv2d(x, Depthwise, null, (stride, stride), padding, groups: Depthwise.Size(0));
        return Functional.Conv2d(d, Pointwise, Bias);
    }

    internal InferenceValue Describe(InferenceGraph graph, InferenceValue x, int stride, Conv2dPadding padding)
    {
        InferenceValue d = graph.Conv2d(x, Depthwise, null, (stride, stride), padding, groups: Depthwise.Size(0));
        return graph.Conv2d(d, Pointwise, Bias);
    }
}
