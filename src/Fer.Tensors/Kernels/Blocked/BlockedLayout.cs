namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// Where the pixels of one image sit in a blocked buffer. Blocked (NCHWc): channels in blocks of
/// <see cref="Block"/>, each block a [H + 2*HaloH, W + 2*HaloW, Block] array, so the channels of one
/// pixel are one SIMD vector; a channel count that is not a multiple of the block is padded with lanes
/// that always hold 0. Planar (NCHW): one [H + 2*HaloH, W + 2*HaloW] plane per channel (the network's
/// input, read by a first convolution with few channels). The halo is a border of zeros around every
/// plane, as wide as the padding of the convolutions that read it, so their windows never leave the buffer.
/// </summary>
internal readonly record struct BlockedLayout(int Channels, int Height, int Width, int HaloH, int HaloW, int Block, bool Planar)
{
    /// <summary>A blocked layout without halo.</summary>
    public static BlockedLayout Dense(int channels, int height, int width, int block) => new(channels, height, width, 0, 0, block, false);

    /// <summary>Channel blocks (planar: channels).</summary>
    public int Blocks => Planar ? Channels : (Channels + Block - 1) / Block;

    /// <summary>Floats per pixel of one block: the block size, or 1 when planar.</summary>
    public int Lanes => Planar ? 1 : Block;

    public int PaddedHeight => Height + 2 * HaloH;

    public int PaddedWidth => Width + 2 * HaloW;

    /// <summary>Floats from one row to the next.</summary>
    public nint RowStride => (nint)PaddedWidth * Lanes;

    /// <summary>Floats from one block (planar: channel) to the next.</summary>
    public nint BlockStride => PaddedHeight * RowStride;

    /// <summary>Floats of one image.</summary>
    public nint ImageStride => Blocks * BlockStride;

    /// <summary>Offset of interior pixel (y, x) of block 0 from the image's start (y and x may reach into the halo).</summary>
    public nint Offset(int y, int x) => (y + HaloH) * RowStride + (nint)(x + HaloW) * Lanes;

    /// <summary>This layout with a halo at least as wide as the given one on each axis.</summary>
    public BlockedLayout WithHalo(int haloH, int haloW) => this with { HaloH = Math.Max(HaloH, haloH), HaloW = Math.Max(HaloW, haloW) };
}
