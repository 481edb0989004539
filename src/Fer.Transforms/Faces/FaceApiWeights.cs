using Fer.Tensors;
using Fer.Transforms.Weights;

namespace Fer.Transforms.Faces;

/// <summary>
/// Reads face-api's tfjs weights into engine layouts, checking each weight's name and shape against
/// the architecture: convolution filters [kh, kw, in, out] become [out, in, kh, kw], depthwise
/// filters [kh, kw, C, 1] become [C, 1, kh, kw]; biases and dense matrices keep their shape.
/// </summary>
internal sealed class FaceApiWeights
{
    private readonly TfjsWeights weights;

    private FaceApiWeights(TfjsWeights weights) => this.weights = weights;

    /// <summary>The manifest the weights came from, for messages.</summary>
    internal string Source => weights.Manifest.ManifestPath;

    /// <summary>Loads the model named <paramref name="modelName"/> from <paramref name="modelFolder"/> (null: <see cref="FaceApiAssets.ModelFolder"/>).</summary>
    internal static FaceApiWeights Load(string? modelFolder, string modelName)
    {
        string manifest = modelFolder is null ? FaceApiAssets.ManifestPath(modelName) : FaceApiAssets.ManifestPath(modelFolder, modelName);
        return new FaceApiWeights(TfjsWeightsLoader.Load(manifest));
    }

    /// <summary>A regular convolution's filters as [out, in, k, k].</summary>
    internal Tensor Filters(string name, int kernel, int inChannels, int outChannels)
        => Get(name, kernel, kernel, inChannels, outChannels).Permute(3, 2, 0, 1).Contiguous();

    /// <summary>A depthwise 3x3 filter bank as [C, 1, 3, 3].</summary>
    internal Tensor Depthwise(string name, int channels)
        => Get(name, 3, 3, channels, 1).Permute(2, 3, 0, 1).Contiguous();

    /// <summary>A weight of exactly <paramref name="shape"/>, as stored.</summary>
    internal Tensor Get(string name, params int[] shape)
    {
        if (!weights.TryGetValue(name, out Tensor? t))
            throw new TfjsFormatException($"{Source}: weight '{name}' is missing; this is not the expected face-api model.");
        if (!t.Shape.SequenceEqual(shape))
            throw new TfjsFormatException($"{Source}: weight '{name}' has shape {Tensor.FormatShape(t.Shape)}; expected {Tensor.FormatShape(shape)}.");
        ReadOnlySpan<float> values = t.IsContiguous ? t.AsSpan() : t.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new TfjsFormatException($"{Source}: weight '{name}' holds a non-finite value at element {i}.");
        }
        return t;
    }

    /// <summary>A regular convolution with bias.</summary>
    internal ConvLayer Conv(string prefix, int kernel, int inChannels, int outChannels)
        => new(Filters(prefix + "/filters", kernel, inChannels, outChannels), Get(prefix + "/bias", outChannels));

    /// <summary>A depthwise-separable convolution (depthwise 3x3, pointwise 1x1 with bias).</summary>
    internal SeparableConvLayer Separable(string prefix, int inChannels, int outChannels)
        => new(Depthwise(prefix + "/depthwise_filter", inChannels),
            Get(prefix + "/pointwise_filter", 1, 1, inChannels, outChannels).Permute(3, 2, 0, 1).Contiguous(),
            Get(prefix + "/bias", outChannels));
}
