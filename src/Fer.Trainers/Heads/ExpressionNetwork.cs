using Fer.Tensors.Inference;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Trainers.Backbones;

namespace Fer.Trainers.Heads;

/// <summary>
/// A backbone and a head as one module ("backbone.*", "head.*"): images [N, C, H, W] to outputs
/// [N, K] (class logits or regression values). <see cref="ForwardWithFeatures"/> also returns the
/// backbone features.
/// </summary>
public sealed class ExpressionNetwork : Module
{
    /// <summary>Combines <paramref name="backbone"/> (a module implementing <see cref="IBackbone"/>) and <paramref name="head"/>.</summary>
    public ExpressionNetwork(Module backbone, Module head)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (backbone is not IBackbone b) throw new ArgumentException($"{backbone.GetType().Name} is not an {nameof(IBackbone)}.", nameof(backbone));
        Backbone = b;
        RegisterModule("backbone", backbone);
        Head = RegisterModule("head", head);
    }

    /// <summary>The backbone.</summary>
    public IBackbone Backbone { get; }

    /// <summary>The head.</summary>
    public Module Head { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Head.Forward(Backbone.ForwardFeatures(input));

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input) => DescribeWithFeatures(graph, input).Output;

    /// <summary>As <see cref="Describe"/>, also returning the backbone's features (what <see cref="ForwardWithFeatures"/> returns).</summary>
    /// <exception cref="NotSupportedException">The backbone or head has no inference description.</exception>
    public (InferenceValue Output, InferenceValue Features) DescribeWithFeatures(InferenceGraph graph, InferenceValue input)
    {
        InferenceValue f = ((Module)Backbone).Describe(graph, input);
        return (Head.Describe(graph, f), f);
    }

    /// <summary>Outputs and the features they were computed from.</summary>
    public (Tensor Output, Tensor Features) ForwardWithFeatures(Tensor input)
    {
        Tensor f = Backbone.ForwardFeatures(input);
        return (Head.Forward(f), f);
    }

    /// <summary>
    /// The state dict with torchvision's names for a ResNet backbone and a linear head
    /// ("backbone.layer1.0.conv1.weight" -> "layer1.0.conv1.weight", "head.fc.weight" -> "fc.weight"),
    /// loadable by <c>torchvision.models.resnet18(num_classes=K)</c> when the stem is torchvision's.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> TorchvisionStateDict()
        => StateDict().ToDictionary(kv => ToTorchvision(kv.Key), kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Loads a torchvision-named state dict (the inverse of <see cref="TorchvisionStateDict"/>).</summary>
    public void LoadTorchvisionStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        LoadStateDict(state.ToDictionary(kv => kv.Key.StartsWith("fc.", StringComparison.Ordinal) ? "head." + kv.Key : "backbone." + kv.Key, kv => kv.Value, StringComparer.Ordinal), strict);
    }

    private static string ToTorchvision(string name)
        => name.StartsWith("backbone.", StringComparison.Ordinal) ? name["backbone.".Length..]
            : name.StartsWith("head.fc.", StringComparison.Ordinal) ? name["head.".Length..]
            : name;
}
