using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.LeakyRelu"/> element-wise; any shape.</summary>
public sealed class LeakyReLU : Module
{
    /// <summary>Creates the module with the slope used for negative inputs (PyTorch default 0.01).</summary>
    /// <exception cref="ArgumentException"><paramref name="negativeSlope"/> is not finite.</exception>
    public LeakyReLU(float negativeSlope = 0.01f)
    {
        if (!float.IsFinite(negativeSlope)) throw new ArgumentException($"negativeSlope must be finite; got {negativeSlope}.", nameof(negativeSlope));
        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public float NegativeSlope { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.LeakyRelu(input, NegativeSlope);
    }
}
