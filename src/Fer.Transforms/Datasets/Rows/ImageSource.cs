namespace Fer.Transforms.Datasets;

/// <summary>
/// Where a dataset row's image is: a file path (decoded later by the imaging code), or 8-bit grey
/// pixels held in memory with their size (FER2013 CSV rows). Immutable; readers never decode.
/// </summary>
public sealed class ImageSource
{
    private readonly byte[]? pixels;

    private ImageSource(ImageSourceKind kind, string? path, byte[]? pixels, int width, int height)
    {
        Kind = kind;
        Path = path;
        this.pixels = pixels;
        Width = width;
        Height = height;
    }

    /// <summary>An image file at <paramref name="path"/> (made absolute; existence is not checked here).</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public static ImageSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new ImageSource(ImageSourceKind.File, System.IO.Path.GetFullPath(path), null, 0, 0);
    }

    /// <summary>8-bit grey pixels, row-major, <paramref name="width"/> x <paramref name="height"/>; the array is kept, not copied.</summary>
    /// <exception cref="ArgumentException">The array length is not width * height, or a size is not positive.</exception>
    public static ImageSource FromGrayPixels(byte[] pixels, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height != pixels.Length)
            throw new ArgumentException($"{pixels.Length} pixels do not fill {width}x{height}.", nameof(pixels));
        return new ImageSource(ImageSourceKind.RawPixels, null, pixels, width, height);
    }

    /// <summary>File or in-memory pixels.</summary>
    public ImageSourceKind Kind { get; }

    /// <summary>The absolute file path for <see cref="ImageSourceKind.File"/>, else null.</summary>
    public string? Path { get; }

    /// <summary>The grey pixels (row-major, Width*Height bytes) for <see cref="ImageSourceKind.RawPixels"/>, else empty.</summary>
    public ReadOnlyMemory<byte> Pixels => pixels;

    /// <summary>Width in pixels for raw pixels; 0 for files (known only after decoding).</summary>
    public int Width { get; }

    /// <summary>Height in pixels for raw pixels; 0 for files (known only after decoding).</summary>
    public int Height { get; }

    /// <inheritdoc />
    public override string ToString() => Kind == ImageSourceKind.File ? Path! : $"raw grey {Width}x{Height}";
}
