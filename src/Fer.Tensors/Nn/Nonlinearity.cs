namespace Fer.Tensors.Nn;

/// <summary>The activation that follows a layer, for <see cref="Init.CalculateGain"/> (PyTorch's names).</summary>
public enum Nonlinearity
{
    /// <summary>Identity; gain 1.</summary>
    Linear,

    /// <summary>Any convolution or transposed convolution with no activation; gain 1.</summary>
    Conv,

    /// <summary>Logistic sigmoid; gain 1.</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent; gain 5/3.</summary>
    Tanh,

    /// <summary>ReLU; gain √2.</summary>
    Relu,

    /// <summary>Leaky ReLU with negative slope a; gain √(2 / (1 + a²)).</summary>
    LeakyRelu,

    /// <summary>SELU; gain 3/4.</summary>
    Selu,
}
