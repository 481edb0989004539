namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.Elu"/> element-wise; any shape.</summary>
public sealed class ELU : Module
{
    /// <summary>Creates the module with the saturation value for negative inputs (PyTorch default 1).</summary>
    /// <exception cref="ArgumentException"><paramref name="alpha"/> is not finite.</exception>
    public ELU(float alpha = 1f)
    {
        if (!float.IsFinite(alpha)) throw new ArgumentException($"alpha must be finite; got {alpha}.", nameof(alpha));
        Alpha = alpha;
    }

    /// <summary>The scale of the negative branch, alpha * (e^x - 1).</summary>
    public float Alpha { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Elu(input, Alpha);
}
