using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Autograd;
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
            input = Functional.Relu(SumNewestFirst(outputs));
        }
        return input;
    }

    /// <summary>As <see cref="Forward"/>, as running sums (oldest first: a different rounding order, same values up to it).</summary>
    internal InferenceValue Describe(InferenceGraph graph, InferenceValue x)
    {
        InferenceValue first = firstConv is not null ? firstConv.Describe(graph, x, 2, Conv2dPadding.Same) : firstSeparable!.Describe(graph, x, 2, Conv2dPadding.Same);
        InferenceValue sum = graph.Relu(first), input = sum;
        foreach (SeparableConvLayer conv in rest)
        {
            sum = graph.Add(conv.Describe(graph, input, 1, Conv2dPadding.Same), sum);
            input = graph.Relu(sum);
        }
        return input;
    }

    /// <summary>
    /// The sum of <paramref name="outputs"/> from the newest backwards (outputs[^1] + ... nested as face-api adds:
    /// outputs[0] + (outputs[1] + (... + outputs[^1]))). For inference it runs in one pass over cache-sized
    /// blocks instead of one tensor per addition; the additions and their order are the same, so the bits are.
    /// </summary>
    private static Tensor SumNewestFirst(List<Tensor> outputs)
    {
        if (GradMode.IsEnabled || outputs.Any(o => !o.IsContiguous))
        {
            Tensor sum = outputs[^1];
            for (int j = outputs.Count - 2; j >= 0; j--) sum = outputs[j] + sum;
            return sum;
        }
        Tensor result = outputs[^1].Clone();
        Span<float> acc = result.AsSpan();
        const int Block = 4096;
        for (int start = 0; start < acc.Length; start += Block)
        {
            Span<float> block = acc.Slice(start, Math.Min(Block, acc.Length - start));
            for (int j = outputs.Count - 2; j >= 0; j--)
                TensorPrimitives.Add(outputs[j].AsReadOnlySpan().Slice(start, block.Length), block, block);
        }
        return result;
    }
}
