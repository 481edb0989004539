namespace Fer.Tensors.Kernels.Blocked;

/// <summary>How a convolution's input is laid out (see <see cref="BlockedLayout.Planar"/>), as a generic constant.</summary>
internal interface IInputLayout
{
    static abstract bool Planar { get; }
}

/// <summary>Channel blocks of the vector width (NCHWc).</summary>
internal readonly struct BlockedInput : IInputLayout
{
    public static bool Planar => false;
}

/// <summary>One plane per channel (NCHW): a first layer's few input channels, read without padding them to a block.</summary>
internal readonly struct PlanarInput : IInputLayout
{
    public static bool Planar => true;
}
