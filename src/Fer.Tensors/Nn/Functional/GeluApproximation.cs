namespace Fer.Tensors.Nn;

/// <summary>Which form of GELU to compute (PyTorch's <c>approximate</c> argument).</summary>
public enum GeluApproximation
{
    /// <summary>The exact x * Phi(x) with the normal CDF (PyTorch's default, approximate='none').</summary>
    None = 0,

    /// <summary>0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (approximate='tanh').</summary>
    Tanh = 1,
}
