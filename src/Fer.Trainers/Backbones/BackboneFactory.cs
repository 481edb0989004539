using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Trainers.Backbones;

/// <summary>Builds a backbone from its kind and a few size settings (used by every trainer and by model loading).</summary>
public static class BackboneFactory
{
    /// <summary>Creates the backbone.</summary>
    /// <param name="kind">Which network.</param>
    /// <param name="inChannels">1 (grey) or 3 (RGB).</param>
    /// <param name="inputSize">Side of the square input; ResNet uses its small-input stem below 96.</param>
    /// <param name="width">ResNet base width, VGG first-block channels (doubling per block), or MobileFaceNet width x 64.</param>
    /// <param name="generator">Initialisation generator.</param>
    public static Module Create(BackboneKind kind, int inChannels, int inputSize, int width = 0, Generator? generator = null)
    {
        if (inputSize is < 32 or > 512) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Input size must be between 32 and 512 pixels.");
        return kind switch
        {
            BackboneKind.ResNet18 => new ResNet(inChannels, width > 0 ? width : 64, smallInputStem: inputSize < 96, generator),
            BackboneKind.Vgg => new VggNet(inChannels, Enumerable.Range(0, 4).Select(i => (width > 0 ? width : 32) << i).ToArray(), generator: generator),
            BackboneKind.MobileFaceNet => new MobileFaceNet(inChannels, 128, width > 0 ? width / 64f : 1f, generator),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown backbone."),
        };
    }
}
