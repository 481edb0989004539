namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.Tanh"/> element-wise; any shape.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Tanh(input);
}
