using Fer.Tensors.Inference;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;

namespace Fer.Trainers.Heads;

/// <summary>A classifier or regressor on backbone features: optional dropout, then a linear layer named "fc" (torchvision's name).</summary>
public sealed class LinearHead : Module
{
    private readonly Dropout? dropout;

    /// <summary>Creates a head from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>.</summary>
    public LinearHead(int inFeatures, int outFeatures, float dropout = 0f, Generator? generator = null)
    {
        if (dropout > 0) this.dropout = RegisterModule("dropout", new Dropout(dropout));
        Fc = RegisterModule("fc", new Linear(inFeatures, outFeatures, generator: generator));
    }

    /// <summary>The linear layer.</summary>
    public Linear Fc { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Fc.Forward(dropout is null ? input : dropout.Forward(input));

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input) => Fc.Describe(graph, input);
}
