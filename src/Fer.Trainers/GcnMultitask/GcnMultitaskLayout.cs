using Fer.Trainers.Backbones;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// Everything needed to rebuild a GCN multi-task network before its weights are loaded: the input
/// (images [InChannels, InputSize, InputSize] through a backbone, or feature vectors of
/// <see cref="FeatureSize"/> values), the head and its sizes, and the class names.
/// </summary>
/// <param name="FeatureInput">True for pre-extracted feature vectors, false for images.</param>
/// <param name="InChannels">Image channels (images only).</param>
/// <param name="InputSize">Image side (images only).</param>
/// <param name="FeatureSize">Feature-vector length (feature input only; for images the backbone decides).</param>
/// <param name="Backbone">The backbone (images only).</param>
/// <param name="BackboneWidth">The backbone width setting (images only).</param>
/// <param name="Head">The head kind.</param>
/// <param name="ClassNames">Expression classes in output order.</param>
/// <param name="NodeInputSize">Length of a node input vector (GCN head).</param>
/// <param name="HiddenSize">First graph convolution's output size (GCN head).</param>
/// <param name="NegativeSlope">Leaky ReLU slope (GCN head).</param>
/// <param name="FixedNodeInputs">True when node inputs are fixed word vectors (GCN head).</param>
public sealed record GcnMultitaskLayout(
    bool FeatureInput,
    int InChannels,
    int InputSize,
    int FeatureSize,
    BackboneKind Backbone,
    int BackboneWidth,
    MultitaskHeadKind Head,
    IReadOnlyList<string> ClassNames,
    int NodeInputSize,
    int HiddenSize,
    float NegativeSlope,
    bool FixedNodeInputs)
{
    /// <summary>Number of graph nodes (classes + valence + arousal).</summary>
    public int NodeCount => ClassNames.Count + 2;

    /// <summary>Checks the values; throws naming the first bad one.</summary>
    /// <exception cref="ArgumentException">A size is not positive, or there is no class.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ClassNames);
        if (ClassNames.Count < 1) throw new ArgumentException("The layout needs at least one class.", nameof(ClassNames));
        if (FeatureInput && FeatureSize < 1) throw new ArgumentException($"FeatureSize is {FeatureSize}; feature input needs a positive length.", nameof(FeatureSize));
        if (!FeatureInput && (InChannels < 1 || InputSize < 1)) throw new ArgumentException($"Image input needs positive channels and size; got {InChannels}x{InputSize}.", nameof(InChannels));
        if (Head == MultitaskHeadKind.Gcn && (NodeInputSize < 1 || HiddenSize < 1))
            throw new ArgumentException($"The GCN head needs positive node input and hidden sizes; got {NodeInputSize} and {HiddenSize}.", nameof(NodeInputSize));
        if (!Enum.IsDefined(Head)) throw new ArgumentException($"Unknown head kind {Head}.", nameof(Head));
        if (!Enum.IsDefined(Backbone)) throw new ArgumentException($"Unknown backbone {Backbone}.", nameof(Backbone));
    }
}
