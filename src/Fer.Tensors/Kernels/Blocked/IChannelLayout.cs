namespace Fer.Tensors.Kernels.Blocked;

/// <summary>How a convolution's input or output keeps its channels (see <see cref="BlockedLayout.Planar"/>), as a generic constant.</summary>
internal interface IChannelLayout
{
    static abstract bool Planar { get; }
}

/// <summary>Channel blocks of the vector width (NCHWc).</summary>
internal readonly struct BlockedChannels : IChannelLayout
{
    public static bool Planar => false;
}

/// <summary>One plane per channel (NCHW): a first layer's few input channels, or the engine's own tensors in training.</summary>
internal readonly struct PlanarChannels : IChannelLayout
{
    public static bool Planar => true;
}
