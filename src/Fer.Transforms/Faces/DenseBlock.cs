using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.Transforms.Faces;

/// <summary>
/// One dense block of face-api's face feature extractors: a stride-2 convolution (a regular 3x3 one
/// in the first block, separable in the others) with ReLU, then separable stride-1 convolutions,
/// each fed the ReLU of the sum of all outputs so far; the block returns the ReLU of the sum of all
/// outputs. Every convolution pads as TensorFlow's 'same'.
/// </summary>
internal sealed class DenseBlock
{
    private readonly ConvLayer? firstConv;
    private readonly SeparableConvLayer? firstSeparable;
    private readonly SeparableConvLayer[] rest;

    internal DenseBlock(FaceApiWeights w, string prefix, int inChannels, int outChannels, int convolutions, bool isFirst)
    {
        if (isFirst) firstConv = w.Conv(prefix + "/conv0", 3, inChannels, outChannels);
        else firstSeparable = w.Separable(prefix + "/conv0", inChannels, outChannels);
        rest = new SeparableConvLayer[convolutions - 1];
        for (int i = 0; i < rest.Length; i++) rest[i] = w.Separable($"{prefix}/conv{i + 1}", outChannels, outChannels);
    }

    /// <summary>The first (stride-2) convolution of the first block, or null.</summary>
    internal ConvLayer? FirstConv => firstConv;

    /// <summary>The first (stride-2) separable convolution of the other blocks, or null.</summary>
    internal SeparableConvLayer? FirstSeparable => firstSeparable;

    /// <summary>The stride-1 separable convolutions after the first.</summary>
    internal IReadOnlyList<SeparableConvLayer> Rest => rest;

    internal Tensor Forward(Tensor x)
    {
        Tensor first = firstConv is not null ? firstConv.Forward(x, 2, Conv2dPadding.Same) : firstSeparable!.Forward(x, 2, Conv2dPadding.Same);
        first = Functional.Relu(first);
        var outputs = new List<Tensor>(rest.Length + 1) { first };
        Tensor input = first;
        foreach (SeparableConvLayer conv in rest)
        {
            outputs.Add(conv.Forward(input, 1, Conv2dPadding.Same));
            // Summed from the newest output backwards, as face-api nests its additions.
            Tensor sum = outputs[^1];
            for (int j = outputs.Count - 2; j >= 0; j--) sum = outputs[j] + sum;
            input = Functional.Relu(sum);
        }
        return input;
    }
}
