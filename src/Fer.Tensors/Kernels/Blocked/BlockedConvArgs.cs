namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// What the micro-kernel of <see cref="BlockedConv2d"/> reads: pointers and strides of one call over a
/// batch. Input points at the input element that output pixel (0, 0) reads with tap (0, 0) (inside the
/// halo when the convolution pads), Output and Residual at interior pixel (0, 0) of block 0. A planar
/// input has InBlocks = its channel count and InBlock = its plane stride; a planar output has
/// OutBlock = its plane stride (one channel to the next).
/// Work items run over (group of output blocks, image, tile row, tile column), group outermost, so
/// consecutive items share their weights; or, when a layer's weights are small, over (image, tile, group),
/// so consecutive items share their input tile and a range of items covers whole rows
/// (<see cref="ImageMajor"/>). The odd last group's items always come after the others (it runs another
/// micro-kernel).
/// </summary>
internal unsafe struct BlockedConvArgs
{
    public float* Input;
    public nint InRow, InBlock, InImage;
    public int InBlocks, KH, KW, StrideH;

    public float* Weights;
    public nint GroupWeights;
    public float* Bias;
    public float* Slopes;
    public float Slope;
    public int Activation;

    public float* Output;
    public nint OutRow, OutBlock, OutImage;
    public float* Residual;
    public nint ResRow, ResBlock, ResImage;

    public int OutH, OutW, Images, TilesY, TilesX, OutChannels;

    /// <summary>Items run image by image and tile by tile (each input tile stays in cache while every group reads it), else group by group (each group's weights stay).</summary>
    public bool ImageMajor;

    /// <summary>Groups of two output blocks (an odd last block is a group of its own after them).</summary>
    public int FullGroups;

    /// <summary>Work items per group of output blocks.</summary>
    public readonly int ItemsPerGroup => Images * TilesY * TilesX;

    /// <summary>
    /// The group, image and top-left output pixel of work item <paramref name="item"/> for tiles of
    /// <paramref name="rows"/> x <paramref name="cols"/>; the last tile of a row or column is moved back
    /// to end at the edge (it recomputes a few pixels rather than run a narrower kernel).
    /// </summary>
    public readonly void Decode(int item, int rows, int cols, out int group, out int n, out int oy, out int ox)
    {
        int tiles = TilesY * TilesX, t;
        int full = FullGroups * Images * tiles;
        if (!ImageMajor)
        {
            group = Math.DivRem(item, Images * tiles, out int rest);
            n = Math.DivRem(rest, tiles, out t);
        }
        else if (item < full)
        {
            n = Math.DivRem(item, FullGroups * tiles, out int rest);
            t = Math.DivRem(rest, FullGroups, out group);
        }
        else
        {
            n = Math.DivRem(item - full, tiles, out t);
            group = FullGroups;
        }
        int ty = Math.DivRem(t, TilesX, out int tx);
        oy = Math.Min(ty * rows, OutH - rows);
        ox = Math.Min(tx * cols, OutW - cols);
    }
}
