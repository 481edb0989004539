using Fer.Tensors.Inference;
namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.Relu"/> element-wise; input and output have any (the same) shape.</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Relu(input);

    /// <inheritdoc />
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.Relu(input);
    }
}
