namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.Softmax"/> along <see cref="Dim"/>; any shape.</summary>
public sealed class Softmax : Module
{
    /// <summary>Creates the module normalising along <paramref name="dim"/> (negative counts from the end; checked at forward).</summary>
    public Softmax(int dim) => Dim = dim;

    /// <summary>The dimension whose entries sum to 1.</summary>
    public int Dim { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Softmax(input, Dim);
}
