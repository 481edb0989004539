namespace Fer.Transforms.Imaging;

/// <summary>
/// Limits and choices for <see cref="Image.Decode(ReadOnlySpan{byte}, DecodeOptions?)"/> and
/// <see cref="Image.Load(string, DecodeOptions?)"/>. Files are hostile until checked: the header's
/// dimensions are compared with <see cref="MaxPixels"/> before any pixel buffer is allocated, and
/// the scan and chunk counts are capped so a crafted file cannot make decoding run away.
/// </summary>
public sealed record DecodeOptions
{
    /// <summary>The defaults: 100 megapixels, 256 JPEG scans, 4,096 PNG chunks, 256 MiB of PNG chunk data, EXIF orientation applied.</summary>
    public static DecodeOptions Default { get; } = new();

    /// <summary>Largest width * height accepted (default 100,000,000). Larger headers are rejected before allocation.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>Largest number of scans (SOS markers) in one JPEG; progressive files use about ten (default 256).</summary>
    public int MaxJpegScans { get; init; } = 256;

    /// <summary>Largest number of chunks in one PNG (default 4,096).</summary>
    public int MaxPngChunks { get; init; } = 4096;

    /// <summary>Largest total size in bytes of all PNG chunk payloads (default 256 MiB).</summary>
    public long MaxPngChunkBytes { get; init; } = 256L << 20;

    /// <summary>Largest file <see cref="Image.Load(string, DecodeOptions?)"/> reads (default 512 MiB).</summary>
    public long MaxFileBytes { get; init; } = 512L << 20;

    /// <summary>Whether a JPEG's EXIF orientation tag (0x0112) is applied so the image is upright (default true).</summary>
    public bool ApplyExifOrientation { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixels, 1, nameof(MaxPixels));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxJpegScans, 1, nameof(MaxJpegScans));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPngChunks, 1, nameof(MaxPngChunks));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPngChunkBytes, 1, nameof(MaxPngChunkBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFileBytes, 1, nameof(MaxFileBytes));
    }

    /// <summary>Throws when <paramref name="width"/> x <paramref name="height"/> x <paramref name="channels"/> exceeds the caps.</summary>
    internal void CheckDimensions(string format, long width, long height, int channels)
    {
        if (width <= 0 || height <= 0)
            throw new ImageFormatException($"{format}: invalid dimensions {width}x{height} in the header.");
        long pixels = width * height;
        if (pixels > MaxPixels)
            throw new ImageFormatException($"{format}: header dimensions {width}x{height} ({pixels} pixels) exceed the limit of {MaxPixels} pixels (DecodeOptions.MaxPixels).");
        if (pixels * channels > Array.MaxLength)
            throw new ImageFormatException($"{format}: {width}x{height}x{channels} does not fit in one buffer.");
    }
}
