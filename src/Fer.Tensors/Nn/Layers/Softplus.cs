namespace Fer.Tensors.Nn;

/// <summary>Applies <see cref="Functional.Softplus"/> element-wise; any shape.</summary>
public sealed class Softplus : Module
{
    /// <summary>Creates the module (PyTorch defaults beta = 1, threshold = 20).</summary>
    /// <exception cref="ArgumentException"><paramref name="beta"/> is zero or not finite, or <paramref name="threshold"/> is NaN.</exception>
    public Softplus(float beta = 1f, float threshold = 20f)
    {
        if (!float.IsFinite(beta) || beta == 0f) throw new ArgumentException($"beta must be finite and non-zero; got {beta}.", nameof(beta));
        if (float.IsNaN(threshold)) throw new ArgumentException("threshold is NaN.", nameof(threshold));
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>The sharpness: log(1 + e^(beta x)) / beta.</summary>
    public float Beta { get; }

    /// <summary>Above beta * x = threshold the output is x itself.</summary>
    public float Threshold { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Softplus(input, Beta, Threshold);
}
