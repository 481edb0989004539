namespace Fer.Tensors.Nn;

/// <summary>Which fan Kaiming initialisation scales by (see <see cref="Init"/>).</summary>
public enum FanMode
{
    /// <summary>Inputs per output unit: preserves the variance of activations in the forward pass.</summary>
    FanIn,

    /// <summary>Outputs per input unit: preserves the variance of gradients in the backward pass.</summary>
    FanOut,
}
