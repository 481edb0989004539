namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.Gelu"/> element-wise (exact by default); any shape.</summary>
public sealed class GELU : Module
{
    /// <summary>Creates the module; <paramref name="approximation"/> picks the exact or the tanh form.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="approximation"/> is not a defined value.</exception>
    public GELU(GeluApproximation approximation = GeluApproximation.None)
    {
        if (!Enum.IsDefined(approximation)) throw new ArgumentOutOfRangeException(nameof(approximation), approximation, "Expected None or Tanh.");
        Approximation = approximation;
    }

    /// <summary>The form computed.</summary>
    public GeluApproximation Approximation { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Gelu(input, Approximation);
}
