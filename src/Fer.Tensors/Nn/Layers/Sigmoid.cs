namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.Sigmoid"/> element-wise; any shape.</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
}
