namespace Fer.Tensors.Nn;

/// <summary>
/// Layer normalisation over the trailing <see cref="NormalizedShape"/> dimensions (PyTorch's
/// LayerNorm): parameters "weight" (ones) and "bias" (zeros) of that shape when elementwise-affine.
/// Input [*, normalizedShape...], output the same shape.
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly int[] normalizedShape;

    /// <summary>Creates the layer.</summary>
    /// <param name="normalizedShape">The trailing dimensions to normalise over (e.g. [D]).</param>
    /// <param name="eps">Added to the variance before the square root.</param>
    /// <param name="elementwiseAffine">Learn a per-element scale and shift.</param>
    /// <exception cref="ArgumentException"><paramref name="normalizedShape"/> is empty or has a non-positive size, or eps is invalid.</exception>
    public LayerNorm(int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d <= 0))
            throw new ArgumentException($"LayerNorm: normalizedShape {Tensor.FormatShape(normalizedShape)} must be non-empty with positive sizes.", nameof(normalizedShape));
        if (!(eps >= 0f) || !float.IsFinite(eps)) throw new ArgumentException($"LayerNorm: eps must be finite and non-negative; got {eps}.", nameof(eps));
        this.normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        Weight = RegisterOptionalParameter("weight", elementwiseAffine ? Tensor.Ones(normalizedShape) : null);
        Bias = RegisterOptionalParameter("bias", elementwiseAffine ? Tensor.Zeros(normalizedShape) : null);
    }

    /// <summary>Creates the layer normalising over the last dimension of size <paramref name="features"/>.</summary>
    public LayerNorm(int features, float eps = 1e-5f, bool elementwiseAffine = true)
        : this([features], eps, elementwiseAffine)
    {
    }

    /// <summary>The trailing dimensions normalised over.</summary>
    public ReadOnlySpan<int> NormalizedShape => normalizedShape;

    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; }

    /// <summary>Scale of shape <see cref="NormalizedShape"/>, or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>Shift of shape <see cref="NormalizedShape"/>, or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, normalizedShape, Weight, Bias, Eps);
}
