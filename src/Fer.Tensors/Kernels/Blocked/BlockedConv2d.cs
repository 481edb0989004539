namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// A convolution prepared for inference on blocked (NCHWc) buffers: weights packed once (batch norm
/// and bias folded in by the caller), output pixels in register tiles of the shape that wastes the
/// least on this layer's map, two output blocks per tile, and bias, residual sum and rectifier applied
/// as the result leaves the registers. The input is blocked, or planar for a first layer with few
/// channels; its halo must cover the padding. Dilation 1 and width strides 1 and 2 only
/// (<see cref="Supports"/>). Immutable after construction; <see cref="Run"/> may be called from several
/// threads at once.
/// </summary>
internal sealed unsafe class BlockedConv2d
{
    private readonly float[] packed;
    private readonly float[] bias;
    private readonly float[]? slopes;

    /// <param name="weight">[OutC, InC, KH, KW], row-major.</param>
    /// <param name="bias">[OutC], or empty for none.</param>
    /// <param name="block">The channel block (the vector width in floats: 16, 8 or 4).</param>
    /// <param name="planarInput">Whether the input is planar (NCHW) instead of blocked.</param>
    public BlockedConv2d(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inChannels, int outChannels, int kh, int kw,
        int strideH, int strideW, int padTop, int padLeft, int block, bool planarInput)
    {
        if (!Supports(strideW, 1, 1)) throw new ArgumentException($"width stride {strideW} is not supported by the blocked convolution.", nameof(strideW));
        if (weight.Length != (long)outChannels * inChannels * kh * kw)
            throw new ArgumentException($"weight has {weight.Length} elements; [{outChannels}, {inChannels}, {kh}, {kw}] needs {(long)outChannels * inChannels * kh * kw}.", nameof(weight));
        InChannels = inChannels;
        OutChannels = outChannels;
        KH = kh;
        KW = kw;
        StrideH = strideH;
        StrideW = strideW;
        PadTop = padTop;
        PadLeft = padLeft;
        Block = block;
        PlanarInput = planarInput;

        packed = GC.AllocateArray<float>(PackedLength(inChannels, outChannels, kh, kw, block, planarInput), pinned: true);
        Pack(weight, inChannels, outChannels, kh, kw, block, planarInput, flipAndTranspose: false, packed);
        this.bias = GC.AllocateArray<float>(PaddedChannels(outChannels, block), pinned: true);
        bias.CopyTo(this.bias);
    }

    private BlockedConv2d(BlockedConv2d source, float slope, float[]? slopes)
    {
        (InChannels, OutChannels, KH, KW, StrideH, StrideW, PadTop, PadLeft, Block, PlanarInput) =
            (source.InChannels, source.OutChannels, source.KH, source.KW, source.StrideH, source.StrideW, source.PadTop, source.PadLeft, source.Block, source.PlanarInput);
        (packed, bias) = (source.packed, source.bias);
        Rectified = true;
        Slope = slope;
        this.slopes = slopes;
    }

    /// <summary>Floats of packed weights per group of two output blocks.</summary>
    internal static nint GroupWeights(int inChannels, int kh, int kw, int block, bool planarInput)
        => (nint)(planarInput ? inChannels : (inChannels + block - 1) / block * block) * kh * kw * 2 * block;

    /// <summary>Groups of two output blocks (an odd last block is a group of its own).</summary>
    internal static int Groups(int outChannels, int block) => ((outChannels + block - 1) / block + 1) / 2;

    /// <summary>Output channels rounded up to whole groups (the length of bias and slope arrays).</summary>
    internal static int PaddedChannels(int outChannels, int block) => Groups(outChannels, block) * 2 * block;

    /// <summary>Floats of packed weights for the whole layer.</summary>
    internal static int PackedLength(int inChannels, int outChannels, int kh, int kw, int block, bool planarInput)
        => checked((int)(GroupWeights(inChannels, kh, kw, block, planarInput) * Groups(outChannels, block)));

    /// <summary>
    /// Packs weight [OutC, InC, KH, KW] for the micro-kernel: per group of two output blocks, for each input
    /// block (planar: one block of every channel), tap and input channel, the group's output channels side by
    /// side (zeros past OutC and InC). With <paramref name="flipAndTranspose"/>, <paramref name="weight"/> is
    /// [InC, OutC, KH, KW] of the forward convolution and the kernel rotated by 180 degrees is packed: the
    /// convolution that computes the forward one's input gradient (stride 1).
    /// </summary>
    internal static void Pack(ReadOnlySpan<float> weight, int inChannels, int outChannels, int kh, int kw, int block, bool planarInput, bool flipAndTranspose, Span<float> dest)
    {
        int groups = Groups(outChannels, block);
        if (weight.Length < (long)inChannels * outChannels * kh * kw) throw new ArgumentException($"weight has {weight.Length} elements; fewer than {(long)inChannels * outChannels * kh * kw}.", nameof(weight));
        if (dest.Length < PackedLength(inChannels, outChannels, kh, kw, block, planarInput)) throw new ArgumentException("dest is too short for the packed weights.", nameof(dest));
        fixed (float* w = weight, d = dest)
        {
            var args = new PackArgs
            {
                Weight = w, Dest = d, InChannels = inChannels, OutChannels = outChannels, KH = kh, KW = kw, Block = block,
                Planar = planarInput, Flip = flipAndTranspose, GroupWeights = GroupWeights(inChannels, kh, kw, block, planarInput),
            };
            BlockedParallel.For(groups, (long)inChannels * outChannels * kh * kw, &PackGroups, &args);
        }
    }

    private struct PackArgs
    {
        public float* Weight, Dest;
        public nint GroupWeights;
        public int InChannels, OutChannels, KH, KW, Block;
        public bool Planar, Flip;
    }

    // Groups [start, end): for each (input block, tap, input channel) the group's output channels, read with a stride.
    private static void PackGroups(void* state, int start, int end)
    {
        var a = (PackArgs*)state;
        int block = a->Block, inC = a->InChannels, outC = a->OutChannels, kh = a->KH, kw = a->KW;
        int lanes = a->Planar ? inC : block, inBlocks = a->Planar ? 1 : (inC + block - 1) / block;
        int fullGroups = (outC + block - 1) / block / 2, taps = kh * kw;
        // [OutC, InC, KH, KW]: output channels InC*taps apart, input channels taps apart. Flipped, the array is the
        // forward convolution's [InC, OutC, KH, KW] (this one's output channels are its inputs): the other way round.
        nint ocStride = a->Flip ? taps : (nint)inC * taps, icStride = a->Flip ? (nint)outC * taps : taps;
        for (int g = start; g < end; g++)
        {
            int width = (g < fullGroups ? 2 : 1) * block;
            int valid = Math.Min(width, outC - 2 * g * block);
            float* dst = a->Dest + g * a->GroupWeights;
            for (int icb = 0; icb < inBlocks; icb++)
                for (int y = 0; y < kh; y++)
                    for (int x = 0; x < kw; x++)
                    {
                        int tap = a->Flip ? (kh - 1 - y) * kw + (kw - 1 - x) : y * kw + x;
                        for (int l = 0; l < lanes; l++, dst += width)
                        {
                            int ic = icb * lanes + l;
                            if (ic >= inC)
                            {
                                new Span<float>(dst, width).Clear();
                                continue;
                            }
                            float* src = a->Weight + (nint)2 * g * block * ocStride + ic * icStride + tap;
                            int o = 0;
                            for (; o < valid; o++) dst[o] = src[o * ocStride];
                            for (; o < width; o++) dst[o] = 0f;
                        }
                    }
        }
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KH { get; }

    public int KW { get; }

    public int StrideH { get; }

    public int StrideW { get; }

    public int PadTop { get; }

    public int PadLeft { get; }

    public int Block { get; }

    public bool PlanarInput { get; }

    /// <summary>Floats of packed weights (zero-padded to whole groups).</summary>
    public int PackedFloats => packed.Length;

    /// <summary>Whether a rectifier (ReLU, leaky ReLU, PReLU) follows the sum.</summary>
    public bool Rectified { get; }

    /// <summary>The rectifier's slope below zero when it is the same for every channel.</summary>
    public float Slope { get; }

    /// <summary>Whether the hardware and this class support the geometry (the rest falls back to the plain kernels).</summary>
    public static bool Supports(int strideW, int dilationH, int dilationW) => strideW is 1 or 2 && dilationH == 1 && dilationW == 1;

    /// <summary>This convolution followed by x &lt; 0 ? slope * x : x (slope 0: ReLU), per channel when <paramref name="perChannel"/> is given.</summary>
    public BlockedConv2d WithRectifier(float slope, ReadOnlySpan<float> perChannel = default)
    {
        if (Rectified) throw new InvalidOperationException("the convolution already has a rectifier.");
        float[]? s = ChannelSlopes.Pad(perChannel, OutChannels, bias.Length);
        return new BlockedConv2d(this, slope, s);
    }

    /// <summary>Output size along one axis for an input of <paramref name="size"/> with total padding <paramref name="pads"/>.</summary>
    public static int OutputSize(int size, int pads, int kernel, int stride) => (size + pads - kernel) / stride + 1;

    /// <summary>
    /// output = rect(conv(input) + bias [+ residual]) for <paramref name="images"/> images. The output map is
    /// <paramref name="output"/>'s interior (its Height x Width); input windows must stay within the input's halo.
    /// </summary>
    public void Run(float* input, in BlockedLayout inLayout, float* output, in BlockedLayout outLayout, float* residual, in BlockedLayout resLayout, int images)
    {
        if (inLayout.Planar != PlanarInput || inLayout.Blocks != (PlanarInput ? InChannels : (InChannels + Block - 1) / Block) || (!PlanarInput && inLayout.Block != Block))
            throw new ArgumentException($"input layout {inLayout} does not fit this convolution ({InChannels} channels, block {Block}, planar {PlanarInput}).", nameof(inLayout));
        if (outLayout.Planar || outLayout.Block != Block || outLayout.Channels != OutChannels)
            throw new ArgumentException($"output layout {outLayout} does not fit this convolution ({OutChannels} channels, block {Block}).", nameof(outLayout));
        var args = new BlockedConvArgs
        {
            Input = input + inLayout.Offset(-PadTop, -PadLeft),
            InRow = inLayout.RowStride,
            InBlock = inLayout.BlockStride,
            InImage = inLayout.ImageStride,
            InBlocks = inLayout.Blocks,
            Activation = Rectified ? 1 : 0,
            Slope = Slope,
            Output = output + outLayout.Offset(0, 0),
            OutRow = outLayout.RowStride,
            OutBlock = outLayout.BlockStride,
            OutImage = outLayout.ImageStride,
            Residual = residual == null ? null : residual + resLayout.Offset(0, 0),
            ResRow = residual == null ? 0 : resLayout.RowStride,
            ResBlock = residual == null ? 0 : resLayout.BlockStride,
            ResImage = residual == null ? 0 : resLayout.ImageStride,
            OutH = outLayout.Height,
            OutW = outLayout.Width,
            Images = images,
        };
        fixed (float* w = packed, b = bias, s = slopes)
        {
            args.Weights = w;
            args.Bias = b;
            args.Slopes = s;
            Execute(ref args, InChannels, OutChannels, KH, KW, StrideH, StrideW, Block, PlanarInput, planarOutput: false);
        }
    }

    /// <summary>
    /// Completes <paramref name="args"/> (pointers, strides and sizes set by the caller; weights packed by
    /// <see cref="Pack"/>, bias padded to whole groups) and runs every work item on the engine's threads.
    /// </summary>
    internal static void Execute(ref BlockedConvArgs args, int inChannels, int outChannels, int kh, int kw, int strideH, int strideW, int block, bool planarInput, bool planarOutput)
    {
        int images = args.Images, oh = args.OutH, ow = args.OutW;
        if (images == 0 || oh == 0 || ow == 0) return;
        var (select, rows, cols) = Choose(oh, ow, block);
        int outBlocks = (outChannels + block - 1) / block, groups = Groups(outChannels, block), fullGroups = outBlocks / 2;
        args.KH = kh;
        args.KW = kw;
        args.StrideH = strideH;
        args.GroupWeights = GroupWeights(inChannels, kh, kw, block, planarInput);
        args.OutChannels = outChannels;
        args.TilesY = (oh + rows - 1) / rows;
        args.TilesX = (ow + cols - 1) / cols;
        args.FullGroups = fullGroups;
        args.ImageMajor = (long)args.GroupWeights * groups * sizeof(float) <= ImageMajorMaxWeightBytes;
        TileRunners runners = select(strideW, planarInput, planarOutput);
        int perGroup = args.ItemsPerGroup;
        long work = (long)images * oh * ow * outChannels * kh * kw * inChannels;
        fixed (BlockedConvArgs* pa = &args)
        {
            var split = new GroupSplit { Args = pa, Runners = runners, FullItems = fullGroups * perGroup };
            BlockedParallel.For(groups * perGroup, work, &RunItems, &split, ParallelMinMultiplyAdds);
        }
    }

    /// <summary>
    /// Below this many multiply-adds a convolution runs on the calling thread: a few million take tens of
    /// microseconds on one core, and splitting them cost more than it saved (FaceExpressionNet at batch 1 ran
    /// slower on two threads than on one, its 1x1 layers having about 3 million each).
    /// </summary>
    internal static long ParallelMinMultiplyAdds { get; set; } = 1L << 23;

    /// <summary>
    /// Layers with at most this many bytes of packed weights run image by image and, within an image, tile by
    /// tile with every group of output blocks (the weights stay in L2 while each input tile is read once, and
    /// threads split a single image by rows rather than by output channels, so each reads only its rows).
    /// </summary>
    internal static int ImageMajorMaxWeightBytes { get; set; } = 1 << 20;

    private struct GroupSplit
    {
        public BlockedConvArgs* Args;
        public TileRunners Runners;
        public int FullItems;
    }

    private static void RunItems(void* state, int start, int end)
    {
        var split = (GroupSplit*)state;
        if (start < split->FullItems) split->Runners.Full(split->Args, start, Math.Min(end, split->FullItems));
        if (end > split->FullItems) split->Runners.Odd(split->Args, Math.Max(start, split->FullItems), end);
    }

    /// <summary>
    /// The tile shape for an oh x ow map: the cheapest by a simple cycle model (two FMAs a cycle, loads,
    /// FMA latency; last tiles moved back recompute pixels), among the shapes that fit the map and the
    /// registers (12 pixels x 2 blocks with 32 vector registers, 6 x 2 with 16).
    /// </summary>
    internal static (Selector Select, int Rows, int Cols) Choose(int oh, int ow, int block)
    {
        int maxPixels = block == 16 ? BlockedConvTile.MaxPixels : 6;
        (Selector, int, int) best = default;
        double bestCost = double.MaxValue;
        foreach (var (rows, cols, select) in Shapes(block))
        {
            if (rows * cols > maxPixels || rows > oh || cols > ow) continue;
            long tiles = (long)((oh + rows - 1) / rows) * ((ow + cols - 1) / cols);
            // Cycles per input channel: two FMAs a cycle, about 2.5 loads a cycle, at least the FMA latency; plus a little per tile.
            int pixels = rows * cols;
            double cost = tiles * (Math.Max(Math.Max(pixels, (pixels + 2) / 2.5), 4) + 0.5);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = (select, rows, cols);
            }
        }
        return best;
    }

    internal delegate TileRunners Selector(int strideW, bool planarInput, bool planarOutput);

    /// <summary>The micro-kernel instantiations of one layer: groups of two output blocks, and the last single block when the count is odd.</summary>
    internal readonly struct TileRunners(delegate*<BlockedConvArgs*, int, int, void> full, delegate*<BlockedConvArgs*, int, int, void> odd)
    {
        public readonly delegate*<BlockedConvArgs*, int, int, void> Full = full;

        public readonly delegate*<BlockedConvArgs*, int, int, void> Odd = odd;
    }

    private static IEnumerable<(int Rows, int Cols, Selector Select)> Shapes(int block) => block switch
    {
        16 => ShapesOf<BlockVector512>(),
        8 => ShapesOf<BlockVector256>(),
        4 => ShapesOf<BlockVector128>(),
        _ => throw new ArgumentOutOfRangeException(nameof(block), block, "the channel block must be 16, 8 or 4."),
    };

    private static (int, int, Selector)[] ShapesOf<TV>()
        where TV : struct, IBlockVector<TV>
        =>
        [
            (1, 12, Select<TV, Tile1x12>), (2, 6, Select<TV, Tile2x6>), (3, 4, Select<TV, Tile3x4>), (4, 3, Select<TV, Tile4x3>),
            (1, 8, Select<TV, Tile1x8>), (2, 4, Select<TV, Tile2x4>), (1, 7, Select<TV, Tile1x7>),
            (4, 2, Select<TV, Tile4x2>), (1, 6, Select<TV, Tile1x6>), (2, 3, Select<TV, Tile2x3>), (3, 2, Select<TV, Tile3x2>),
            (1, 4, Select<TV, Tile1x4>), (2, 2, Select<TV, Tile2x2>), (1, 3, Select<TV, Tile1x3>), (1, 2, Select<TV, Tile1x2>),
            (1, 1, Select<TV, Tile1x1>), (4, 1, Select<TV, Tile4x1>), (2, 1, Select<TV, Tile2x1>),
        ];

    private static TileRunners Select<TV, TS>(int strideW, bool planarInput, bool planarOutput)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        => strideW == 1 ? SelectLayouts<TV, TS, One>(planarInput, planarOutput) : SelectLayouts<TV, TS, Two>(planarInput, planarOutput);

    private static TileRunners SelectLayouts<TV, TS, TStride>(bool planarInput, bool planarOutput)
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        where TStride : struct, IConstant
        => (planarInput, planarOutput) switch
        {
            (false, false) => Runners<TV, TS, TStride, BlockedChannels, BlockedChannels>(),
            (true, false) => Runners<TV, TS, TStride, PlanarChannels, BlockedChannels>(),
            (false, true) => Runners<TV, TS, TStride, BlockedChannels, PlanarChannels>(),
            _ => Runners<TV, TS, TStride, PlanarChannels, PlanarChannels>(),
        };

    private static TileRunners Runners<TV, TS, TStride, TIn, TOut>()
        where TV : struct, IBlockVector<TV>
        where TS : struct, ITileShape
        where TStride : struct, IConstant
        where TIn : struct, IChannelLayout
        where TOut : struct, IChannelLayout
        => new(&BlockedConvTile.Run<TV, TS, Two, TStride, TIn, TOut>, &BlockedConvTile.Run<TV, TS, One, TStride, TIn, TOut>);
}
