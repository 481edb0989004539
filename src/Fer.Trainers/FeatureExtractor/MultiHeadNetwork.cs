using Fer.Tensors;
using Fer.Tensors.Inference;
using Fer.Tensors.Nn;
using Fer.Trainers.Backbones;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// One shared backbone ("backbone.*") and one head per dataset ("heads.0.*", "heads.1.*", ...):
/// images [N, C, H, W] to features [N, F], and features to each head's class logits.
/// <see cref="Forward"/> is the backbone's features.
/// </summary>
public sealed class MultiHeadNetwork : Module
{
    private readonly ModuleList heads;

    /// <summary>Combines <paramref name="backbone"/> (a module implementing <see cref="IBackbone"/>) with <paramref name="heads"/>.</summary>
    /// <exception cref="ArgumentException">The backbone is not an <see cref="IBackbone"/> or there is no head.</exception>
    public MultiHeadNetwork(Module backbone, IReadOnlyList<Module> heads)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(heads);
        if (backbone is not IBackbone b) throw new ArgumentException($"{backbone.GetType().Name} is not an {nameof(IBackbone)}.", nameof(backbone));
        if (heads.Count == 0) throw new ArgumentException("At least one head is needed.", nameof(heads));
        Backbone = b;
        RegisterModule("backbone", backbone);
        this.heads = RegisterModule("heads", new ModuleList([.. heads]));
    }

    /// <summary>The shared backbone.</summary>
    public IBackbone Backbone { get; }

    /// <summary>The heads, one per dataset, in dataset order.</summary>
    public IReadOnlyList<Module> Heads => heads;

    /// <summary>Backbone features [N, F] of images [N, C, H, W].</summary>
    public override Tensor Forward(Tensor input) => Backbone.ForwardFeatures(input);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input) => ((Module)Backbone).Describe(graph, input);

    /// <summary>Logits of head <paramref name="head"/> for features [N, F].</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such head.</exception>
    public Tensor HeadForward(int head, Tensor features)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(head);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(head, heads.Count);
        return heads[head].Forward(features);
    }
}
