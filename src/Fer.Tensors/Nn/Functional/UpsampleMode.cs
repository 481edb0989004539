namespace Fer.Tensors.Nn;

/// <summary>Interpolation of <see cref="Functional.Upsample(Tensor, double, UpsampleMode, bool)"/> (PyTorch's mode names 'nearest' and 'bilinear').</summary>
public enum UpsampleMode
{
    /// <summary>Each output pixel copies the input pixel at floor(dst * in / out).</summary>
    Nearest,

    /// <summary>Weighted average of the four nearest input pixels.</summary>
    Bilinear,
}
