namespace Fer.Tensors;

/// <summary>How <see cref="Tensor.Pad"/> fills the border.</summary>
public enum PadMode
{
    /// <summary>A constant value.</summary>
    Constant,

    /// <summary>Mirror image without repeating the edge element (PyTorch's 'reflect').</summary>
    Reflect,
}
