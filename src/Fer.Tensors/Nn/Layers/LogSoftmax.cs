namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.LogSoftmax"/> along <see cref="Dim"/>; any shape.</summary>
public sealed class LogSoftmax : Module
{
    /// <summary>Creates the module normalising along <paramref name="dim"/> (negative counts from the end; checked at forward).</summary>
    public LogSoftmax(int dim) => Dim = dim;

    /// <summary>The dimension along which exp(output) sums to 1.</summary>
    public int Dim { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.LogSoftmax(input, Dim);
}
