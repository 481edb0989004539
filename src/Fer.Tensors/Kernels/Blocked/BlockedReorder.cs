using System.Runtime.Intrinsics.X86;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// Copies between plain NCHW arrays and blocked (or planar) buffers with halo: into a buffer, every
/// float of each image is written (the halo and the padding lanes of the last block as zeros), so a
/// buffer reused from an earlier call needs no clearing.
/// </summary>
internal static unsafe class BlockedReorder
{
    /// <summary>
    /// Writes images [N, C, H, W] from <paramref name="source"/> into <paramref name="destination"/> in <paramref name="layout"/>,
    /// each value mapped to value * scale[c] + shift[c] when <paramref name="scale"/> is given.
    /// </summary>
    public static void FromNchw(ReadOnlySpan<float> source, int images, in BlockedLayout layout, float* destination, float[]? scale = null, float[]? shift = null)
    {
        int c = layout.Channels, h = layout.Height, w = layout.Width, lanes = layout.Lanes;
        if (source.Length < (long)images * c * h * w) throw new ArgumentException($"source has {source.Length} floats; {images} x [{c}, {h}, {w}] needs {(long)images * c * h * w}.", nameof(source));
        int plane = h * w;
        for (int n = 0; n < images; n++)
        {
            float* image = destination + n * layout.ImageStride;
            new Span<float>(image, (int)layout.ImageStride).Clear();
            ReadOnlySpan<float> src = source.Slice(n * c * plane, c * plane);
            for (int ch = 0; ch < c; ch++)
            {
                int blockIndex = ch / lanes, lane = ch % lanes;
                float* block = image + blockIndex * layout.BlockStride + lane;
                ReadOnlySpan<float> planeSrc = src.Slice(ch * plane, plane);
                float a = scale?[ch] ?? 1f, b = shift?[ch] ?? 0f;
                for (int y = 0; y < h; y++)
                {
                    float* row = block + layout.Offset(y, 0);
                    ReadOnlySpan<float> rowSrc = planeSrc.Slice(y * w, w);
                    if (scale is not null)
                    {
                        for (int x = 0; x < w; x++) row[x * lanes] = rowSrc[x] * a + b;
                    }
                    else if (lanes == 1)
                    {
                        rowSrc.CopyTo(new Span<float>(row, w));
                    }
                    else
                    {
                        for (int x = 0; x < w; x++) row[x * lanes] = rowSrc[x];
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="FromNchw"/> for a blocked layout without halo, on the engine's threads, eight channels by
    /// eight pixels at a time through register transposes where the hardware has them.
    /// </summary>
    public static void FromNchwParallel(float* source, int images, in BlockedLayout layout, float* destination)
    {
        if (layout.Planar || layout.HaloH != 0 || layout.HaloW != 0) throw new ArgumentException($"{layout} is not a blocked layout without halo.", nameof(layout));
        var args = new ReorderArgs { Source = source, Destination = destination, Layout = layout };
        int items = images * layout.Blocks;
        BlockedParallel.For(items, (long)items * layout.BlockStride, &BlockPlanes, &args);
    }

    private struct ReorderArgs
    {
        public float* Source, Destination;
        public BlockedLayout Layout;
    }

    // Items (image, block): the block's channels' planes into one blocked plane.
    private static void BlockPlanes(void* state, int start, int end)
    {
        var a = (ReorderArgs*)state;
        BlockedLayout l = a->Layout;
        int c = l.Channels, b = l.Block, plane = l.Height * l.Width, blocks = l.Blocks;
        for (int item = start; item < end; item++)
        {
            int n = Math.DivRem(item, blocks, out int blk);
            float* dst = a->Destination + n * l.ImageStride + blk * l.BlockStride;
            float* src = a->Source + ((long)n * c + (long)blk * b) * plane;
            int channels = Math.Min(b, c - blk * b);
            int lane = 0;
            if (Avx.IsSupported)
            {
                for (; lane + 8 <= channels; lane += 8)
                {
                    int p = 0;
                    for (; p + 8 <= plane; p += 8) GemmPacking.Transpose8(src + (long)lane * plane + p, plane, 8, dst + (nint)p * b + lane, b);
                    for (; p < plane; p++)
                        for (int i = 0; i < 8; i++) dst[(nint)p * b + lane + i] = src[(long)(lane + i) * plane + p];
                }
            }
            for (; lane < b; lane++)
            {
                float* d = dst + lane;
                if (lane >= channels)
                {
                    for (int p = 0; p < plane; p++) d[(nint)p * b] = 0f;
                    continue;
                }
                float* s = src + (long)lane * plane;
                for (int p = 0; p < plane; p++) d[(nint)p * b] = s[p];
            }
        }
    }

    /// <summary>Writes the interiors of <paramref name="images"/> blocked images into <paramref name="destination"/> as [N, C, H, W].</summary>
    public static void ToNchw(float* source, in BlockedLayout layout, int images, Span<float> destination)
    {
        int c = layout.Channels, h = layout.Height, w = layout.Width, lanes = layout.Lanes;
        int plane = h * w;
        if (destination.Length < (long)images * c * plane) throw new ArgumentException($"destination has {destination.Length} floats; {images} x [{c}, {h}, {w}] needs {(long)images * c * plane}.", nameof(destination));
        for (int n = 0; n < images; n++)
        {
            float* image = source + n * layout.ImageStride;
            for (int ch = 0; ch < c; ch++)
            {
                float* block = image + ch / lanes * layout.BlockStride + ch % lanes;
                Span<float> dst = destination.Slice((n * c + ch) * plane, plane);
                for (int y = 0; y < h; y++)
                {
                    float* row = block + layout.Offset(y, 0);
                    for (int x = 0; x < w; x++) dst[y * w + x] = row[x * lanes];
                }
            }
        }
    }
}
