namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.Relu"/> element-wise; input and output have any (the same) shape.</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Relu(input);
}
