using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>
/// Parametric ReLU: max(0, x) + a * min(0, x) with one learned slope per channel (dimension 1) or a
/// single shared slope; parameter "weight" initialised to 0.25 as in PyTorch.
/// </summary>
public sealed class PReLU : Module
{
    /// <summary>Creates the layer with <paramref name="numParameters"/> slopes (1 = shared, else one per channel).</summary>
    public PReLU(int numParameters = 1, float init = 0.25f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numParameters);
        Weight = RegisterParameter("weight", Tensor.Full(init, numParameters));
    }

    /// <summary>The slopes [numParameters].</summary>
    public Tensor Weight { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int n = Weight.ElementCount;
        Tensor slope = Weight;
        if (n > 1)
        {
            if (input.Rank < 2 || input.Size(1) != n)
                throw new ArgumentException($"PReLU with {n} slopes expects [N, {n}, ...]; got {Tensor.FormatShape(input.Shape)}.", nameof(input));
            var shape = Enumerable.Repeat(1, input.Rank).ToArray();
            shape[1] = n;
            slope = Weight.Reshape(shape);
        }
        return Functional.Relu(input).Sub(slope.Mul(Functional.Relu(input.Neg())));
    }

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.PRelu(input, Weight);
    }
}
