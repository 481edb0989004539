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
