using System.Runtime.CompilerServices;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// A depthwise convolution (one filter per channel) prepared for inference on blocked (NCHWc) buffers:
/// each tap multiplies a whole channel block of one input pixel by that block's tap weights, so every
/// operation is a full vector. Bias (with batch norm folded in by the caller) and an optional rectifier
/// are applied as results are stored; the input can be rectified as it is read (a ReLU between a sum and
/// the next separable convolution, so the sum need not be stored twice). The input's halo must cover the
/// padding. Immutable; <see cref="Run"/> may be called from several threads at once.
/// </summary>
internal sealed unsafe class BlockedDepthwiseConv2d
{
    private readonly float[] packed;
    private readonly float[] bias;
    private readonly float[]? slopes;

    /// <param name="weight">[C, 1, KH, KW], row-major.</param>
    /// <param name="bias">[C], or empty for none.</param>
    public BlockedDepthwiseConv2d(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int channels, int kh, int kw, int strideH, int strideW, int padTop, int padLeft, int block)
    {
        if (weight.Length != (long)channels * kh * kw)
            throw new ArgumentException($"weight has {weight.Length} elements; [{channels}, 1, {kh}, {kw}] needs {(long)channels * kh * kw}.", nameof(weight));
        Channels = channels;
        KH = kh;
        KW = kw;
        StrideH = strideH;
        StrideW = strideW;
        PadTop = padTop;
        PadLeft = padLeft;
        Block = block;
        int blocks = (channels + block - 1) / block;
        packed = GC.AllocateArray<float>(blocks * kh * kw * block, pinned: true);
        for (int c = 0; c < channels; c++)
            for (int t = 0; t < kh * kw; t++)
                packed[((c / block) * kh * kw + t) * block + c % block] = weight[c * kh * kw + t];
        this.bias = GC.AllocateArray<float>(blocks * block, pinned: true);
        bias.CopyTo(this.bias);
    }

    private BlockedDepthwiseConv2d(BlockedDepthwiseConv2d source, bool rectifyInput, bool rectified, float slope, float[]? slopes)
    {
        (Channels, KH, KW, StrideH, StrideW, PadTop, PadLeft, Block, packed, bias) =
            (source.Channels, source.KH, source.KW, source.StrideH, source.StrideW, source.PadTop, source.PadLeft, source.Block, source.packed, source.bias);
        RectifiedInput = rectifyInput;
        Rectified = rectified;
        Slope = slope;
        this.slopes = slopes;
    }

    public int Channels { get; }

    /// <summary>Floats of packed weights.</summary>
    public int PackedFloats => packed.Length;

    public int KH { get; }

    public int KW { get; }

    public int StrideH { get; }

    public int StrideW { get; }

    public int PadTop { get; }

    public int PadLeft { get; }

    public int Block { get; }

    /// <summary>Whether the input is passed through ReLU as it is read.</summary>
    public bool RectifiedInput { get; }

    /// <summary>Whether a rectifier follows the sum.</summary>
    public bool Rectified { get; }

    /// <summary>The rectifier's slope below zero, when uniform.</summary>
    public float Slope { get; }

    /// <summary>This convolution reading ReLU(input) instead of the input.</summary>
    public BlockedDepthwiseConv2d WithRectifiedInput() => new(this, true, Rectified, Slope, slopes);

    /// <summary>This convolution followed by x &lt; 0 ? slope * x : x, per channel when <paramref name="perChannel"/> is given.</summary>
    public BlockedDepthwiseConv2d WithRectifier(float slope, ReadOnlySpan<float> perChannel = default)
    {
        if (Rectified) throw new InvalidOperationException("the convolution already has a rectifier.");
        float[]? s = ChannelSlopes.Pad(perChannel, Channels, bias.Length);
        return new BlockedDepthwiseConv2d(this, RectifiedInput, true, slope, s);
    }

    /// <summary>output = rect(dwconv(input) + bias) over <paramref name="output"/>'s interior, for <paramref name="images"/> images.</summary>
    public void Run(float* input, in BlockedLayout inLayout, float* output, in BlockedLayout outLayout, int images)
    {
        if (inLayout.Planar || inLayout.Block != Block || inLayout.Channels != Channels)
            throw new ArgumentException($"input layout {inLayout} does not fit this convolution ({Channels} channels, block {Block}).", nameof(inLayout));
        if (outLayout.Planar || outLayout.Block != Block || outLayout.Channels != Channels)
            throw new ArgumentException($"output layout {outLayout} does not fit this convolution ({Channels} channels, block {Block}).", nameof(outLayout));
        int blocks = inLayout.Blocks, oh = outLayout.Height, ow = outLayout.Width;
        fixed (float* w = packed, b = bias, s = slopes)
        {
            var args = new Args
            {
                Input = input + inLayout.Offset(-PadTop, -PadLeft),
                InRow = inLayout.RowStride,
                InBlock = inLayout.BlockStride,
                InImage = inLayout.ImageStride,
                KH = KH,
                KW = KW,
                StrideH = StrideH,
                StrideW = StrideW,
                Weights = w,
                Bias = b,
                Slopes = s,
                Slope = Slope,
                Activation = Rectified ? 1 : 0,
                RectifyInput = RectifiedInput ? 1 : 0,
                Output = output + outLayout.Offset(0, 0),
                OutRow = outLayout.RowStride,
                OutBlock = outLayout.BlockStride,
                OutImage = outLayout.ImageStride,
                OutH = oh,
                OutW = ow,
                Blocks = blocks,
            };
            delegate*<void*, int, int, void> body = Block switch
            {
                16 => &Rows<BlockVector512>,
                8 => &Rows<BlockVector256>,
                4 => &Rows<BlockVector128>,
                _ => throw new InvalidOperationException($"block {Block} is not supported."),
            };
            BlockedParallel.For(images * blocks * oh, (long)images * blocks * Block * oh * ow * KH * KW, body, &args);
        }
    }

    private struct Args
    {
        public float* Input;
        public nint InRow, InBlock, InImage;
        public int KH, KW, StrideH, StrideW;
        public float* Weights, Bias, Slopes;
        public float Slope;
        public int Activation, RectifyInput;
        public float* Output;
        public nint OutRow, OutBlock, OutImage;
        public int OutH, OutW, Blocks;
    }

    /// <summary>Output rows [start, end) of (image, block, row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TV>(void* state, int start, int end)
        where TV : struct, IBlockVector<TV>
    {
        var a = (Args*)state;
        int b = TV.Count, kh = a->KH, kw = a->KW, ow = a->OutW;
        nint step = (nint)a->StrideW * b, inRow = a->InRow;
        bool rectifyInput = a->RectifyInput != 0;
        for (int item = start; item < end; item++)
        {
            int rest = Math.DivRem(item, a->OutH, out int oy);
            int n = Math.DivRem(rest, a->Blocks, out int block);
            float* x = a->Input + n * a->InImage + block * a->InBlock + (nint)oy * a->StrideH * inRow;
            float* y = a->Output + n * a->OutImage + block * a->OutBlock + (nint)oy * a->OutRow;
            float* w = a->Weights + (nint)block * kh * kw * b;
            TV bias = TV.Load(a->Bias + block * b);
            TV slope = a->Slopes == null ? TV.Create(a->Slope) : TV.Load(a->Slopes + block * b);
            if (kh == 3 && kw == 3)
            {
                Row3x3<TV>(x, inRow, step, w, bias, slope, a->Activation, rectifyInput, y, ow);
                continue;
            }

            for (int ox = 0; ox < ow; ox++, x += step)
            {
                TV acc = bias;
                for (int ky = 0; ky < kh; ky++)
                    for (int kx = 0; kx < kw; kx++)
                        acc = TV.MultiplyAdd(Read<TV>(x + ky * inRow + kx * b, rectifyInput), TV.Load(w + (ky * kw + kx) * b), acc);
                TV.Store(y + (nint)ox * b, a->Activation != 0 ? TV.Rectify(acc, slope) : acc);
            }
        }
    }

    // The nine taps stay in registers for the whole row.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row3x3<TV>(float* x, nint inRow, nint step, float* w, TV bias, TV slope, int activation, bool rectifyInput, float* y, int ow)
        where TV : struct, IBlockVector<TV>
    {
        int b = TV.Count;
        TV w0 = TV.Load(w), w1 = TV.Load(w + b), w2 = TV.Load(w + 2 * b);
        TV w3 = TV.Load(w + 3 * b), w4 = TV.Load(w + 4 * b), w5 = TV.Load(w + 5 * b);
        TV w6 = TV.Load(w + 6 * b), w7 = TV.Load(w + 7 * b), w8 = TV.Load(w + 8 * b);
        float* r0 = x, r1 = x + inRow, r2 = x + 2 * inRow;
        for (int ox = 0; ox < ow; ox++, r0 += step, r1 += step, r2 += step)
        {
            TV acc = TV.MultiplyAdd(Read<TV>(r0, rectifyInput), w0, bias);
            acc = TV.MultiplyAdd(Read<TV>(r0 + b, rectifyInput), w1, acc);
            acc = TV.MultiplyAdd(Read<TV>(r0 + 2 * b, rectifyInput), w2, acc);
            acc = TV.MultiplyAdd(Read<TV>(r1, rectifyInput), w3, acc);
            acc = TV.MultiplyAdd(Read<TV>(r1 + b, rectifyInput), w4, acc);
            acc = TV.MultiplyAdd(Read<TV>(r1 + 2 * b, rectifyInput), w5, acc);
            acc = TV.MultiplyAdd(Read<TV>(r2, rectifyInput), w6, acc);
            acc = TV.MultiplyAdd(Read<TV>(r2 + b, rectifyInput), w7, acc);
            acc = TV.MultiplyAdd(Read<TV>(r2 + 2 * b, rectifyInput), w8, acc);
            TV.Store(y + (nint)ox * b, activation != 0 ? TV.Rectify(acc, slope) : acc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Read<TV>(float* p, bool rectify)
        where TV : struct, IBlockVector<TV>
        => rectify ? TV.Rectify(TV.Load(p), TV.Zero) : TV.Load(p);
}
