using Fer.Tensors.Kernels.Blocked;

namespace Fer.Tensors.Kernels.Convolution;

/// <summary>
/// Dense convolutions of the engine's own NCHW tensors (training) on the blocked micro-kernel of
/// <see cref="BlockedConv2d"/>, without im2col: images are copied into zero-bordered planes, the weights
/// are packed, the kernel reads the planes directly and writes NCHW output through its transposing
/// epilogue. The input gradient of a stride-1 convolution is the same kernel on the output gradient,
/// with the weights transposed and rotated by 180 degrees. Images go in chunks so the bordered copy
/// stays a few MiB; buffers are per thread and reused. Results depend on the shape only, not on the
/// thread count.
/// </summary>
internal static unsafe partial class DirectConv2d
{
    /// <summary>Off: every convolution takes im2col + GEMM (tests and A/B runs).</summary>
    internal static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("FER_DIRECT_CONV") != "0";

    /// <summary>Bordered input copied per chunk of images, at most about this many floats.</summary>
    internal static int ChunkFloats { get; set; } = 1 << 22;

    [ThreadStatic] private static float[]? padded;
    [ThreadStatic] private static float[]? packed;
    [ThreadStatic] private static float[]? biases;

    /// <summary>
    /// Whether the forward pass runs here: one group, no dilation, width stride 1 or 2, and a kernel of more
    /// than one tap (a 1x1 convolution is a plain GEMM with no unfolding to save, and measured faster there).
    /// </summary>
    public static bool Supports(in ConvGeometry g) => Enabled && g.Groups == 1 && g.DilationH == 1 && g.DilationW == 1 && g.StrideW is 1 or 2 && g.KH * g.KW > 1;

    /// <summary>
    /// Whether the weight gradient runs here: as <see cref="Supports"/>, at least 8 input channels (one register
    /// tile) and output maps of at least <see cref="WeightGradientMinPixels"/> pixels; on smaller maps each pass
    /// over a band is too short to repay loading and storing its accumulators, and im2col + GEMM measured faster.
    /// </summary>
    public static bool SupportsWeightGradient(in ConvGeometry g) => Supports(g) && g.InC >= TileChannels && g.OutH * g.OutW >= WeightGradientMinPixels;

    /// <summary>See <see cref="SupportsWeightGradient"/>.</summary>
    internal static int WeightGradientMinPixels { get; set; } = 24 * 24;

    /// <summary>Whether the input gradient can run here: as <see cref="Supports"/>, stride 1, padding at most the kernel size minus one.</summary>
    public static bool SupportsInputGradient(in ConvGeometry g)
    {
        if (!Supports(g) || g.StrideH != 1 || g.StrideW != 1) return false;
        var (bottom, right) = EndPadding(g);
        return g.PadTop <= g.KH - 1 && bottom <= g.KH - 1 && g.PadLeft <= g.KW - 1 && right <= g.KW - 1 && bottom >= 0 && right >= 0;
    }

    /// <summary>y = conv(x, w) + bias over NCHW arrays; writes every element of <paramref name="y"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, in ConvGeometry g)
    {
        var (bottom, right) = EndPadding(g);
        Run(x, w, bias, y, g.N, g.InC, g.InH, g.InW, g.OutC, g.OutH, g.OutW, g.KH, g.KW, g.StrideH, g.StrideW,
            (g.PadTop, Math.Max(0, bottom), g.PadLeft, Math.Max(0, right)), flip: false);
    }

    /// <summary>dx = the input gradient of a stride-1 convolution for output gradient dy; writes every element of <paramref name="dx"/>.</summary>
    public static void BackwardInput(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx, in ConvGeometry g)
    {
        var (bottom, right) = EndPadding(g);
        Run(dy, w, default, dx, g.N, g.OutC, g.OutH, g.OutW, g.InC, g.InH, g.InW, g.KH, g.KW, 1, 1,
            (g.KH - 1 - g.PadTop, g.KH - 1 - bottom, g.KW - 1 - g.PadLeft, g.KW - 1 - right), flip: true);
    }

    /// <summary>The padding after the map that the output size implies (what ConvGeometry does not keep).</summary>
    private static (int Bottom, int Right) EndPadding(in ConvGeometry g)
        => ((g.OutH - 1) * g.StrideH + g.KH - g.InH - g.PadTop, (g.OutW - 1) * g.StrideW + g.KW - g.InW - g.PadLeft);

    private static void Run(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int n, int inC, int inH, int inW,
        int outC, int outH, int outW, int kh, int kw, int sh, int sw, (int Top, int Bottom, int Left, int Right) pad, bool flip)
    {
        if (n == 0) return;
        int block = BlockWidth.Default;
        var layout = new BlockedLayout(inC, inH, inW, Math.Max(pad.Top, pad.Bottom), Math.Max(pad.Left, pad.Right), block, Planar: true);
        int chunk = (int)Math.Clamp(ChunkFloats / Math.Max(1, layout.ImageStride), 1, n);
        int paddedChannels = BlockedConv2d.PaddedChannels(outC, block);
        float[] pw = Buffer(ref packed, BlockedConv2d.PackedLength(inC, outC, kh, kw, block, planarInput: true));
        float[] pb = Buffer(ref biases, paddedChannels);
        float[] px = Buffer(ref padded, (int)Math.Min(int.MaxValue, layout.ImageStride * chunk));
        BlockedConv2d.Pack(w, inC, outC, kh, kw, block, planarInput: true, flip, pw);
        pb.AsSpan(0, paddedChannels).Clear();
        bias.CopyTo(pb);
        int inImage = inC * inH * inW, outImage = outC * outH * outW;
        fixed (float* xs = x, ys = y, wp = pw, bp = pb, xp = px)
        {
            for (int n0 = 0; n0 < n; n0 += chunk)
            {
                int count = Math.Min(chunk, n - n0);
                Border(xs + (long)n0 * inImage, count, layout, xp);
                var args = new BlockedConvArgs
                {
                    Input = xp + layout.Offset(-pad.Top, -pad.Left),
                    InRow = layout.RowStride,
                    InBlock = layout.BlockStride,
                    InImage = layout.ImageStride,
                    InBlocks = inC,
                    Weights = wp,
                    Bias = bp,
                    Output = ys + (long)n0 * outImage,
                    OutRow = outW,
                    OutBlock = (nint)outH * outW,
                    OutImage = outImage,
                    OutH = outH,
                    OutW = outW,
                    Images = count,
                };
                BlockedConv2d.Execute(ref args, inC, outC, kh, kw, sh, sw, block, planarInput: true, planarOutput: true);
            }
        }
    }

    /// <summary>Copies <paramref name="images"/> NCHW images into zero-bordered planes, one plane per work item.</summary>
    private static void Border(float* source, int images, in BlockedLayout layout, float* destination)
    {
        var args = new BorderArgs { Source = source, Destination = destination, Layout = layout };
        int planes = images * layout.Channels;
        BlockedParallel.For(planes, (long)planes * layout.BlockStride, &BorderPlanes, &args);
    }

    private struct BorderArgs
    {
        public float* Source, Destination;
        public BlockedLayout Layout;
    }

    private static void BorderPlanes(void* state, int start, int end)
    {
        var a = (BorderArgs*)state;
        BlockedLayout l = a->Layout;
        int h = l.Height, w = l.Width, hh = l.HaloH, hw = l.HaloW, pw = l.PaddedWidth;
        for (int p = start; p < end; p++)
        {
            float* src = a->Source + (long)p * h * w;
            float* dst = a->Destination + p * l.BlockStride;
            new Span<float>(dst, hh * pw).Clear();
            new Span<float>(dst + (long)(hh + h) * pw, hh * pw).Clear();
            for (int y = 0; y < h; y++)
            {
                float* row = dst + (long)(hh + y) * pw;
                new Span<float>(row, hw).Clear();
                new ReadOnlySpan<float>(src + (long)y * w, w).CopyTo(new Span<float>(row + hw, w));
                new Span<float>(row + hw + w, hw).Clear();
            }
        }
    }

    private static float[] Buffer(ref float[]? slot, int length)
    {
        if (slot is null || slot.Length < length) slot = GC.AllocateUninitializedArray<float>(Math.Max(length, 16), pinned: true);
        return slot;
    }
}
