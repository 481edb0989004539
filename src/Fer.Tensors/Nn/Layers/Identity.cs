using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>Returns its input unchanged (PyTorch's nn.Identity): a placeholder, e.g. for a removed classifier head.</summary>
public sealed class Identity : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input;
    }

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input) => input;
}
