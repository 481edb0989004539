using Fer.Transforms.Imaging.Codecs.Jpeg;
using Fer.Transforms.Imaging.Codecs.Png;

namespace Fer.Transforms.Imaging;

/// <summary>
/// An 8-bit image, interleaved row-major in HWC order: the byte of channel c of pixel (x, y) is
/// <c>Pixels[(y * Width + x) * Channels + c]</c>. Channels is 1 (grey) or 3 (RGB). Decoded alpha
/// channels (PNG grey+alpha, RGBA, palette tRNS) are dropped, not composited.
/// Operations (resize, crop, ...) return new images and never change their input; the pixel buffer
/// itself is writable so builders can fill it, and treating an image as immutable once shared is
/// a convention.
/// </summary>
public sealed class Image
{
    /// <summary>Creates a black image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1, channels is not 1 or 3, or the buffer would be too large.</exception>
    public Image(int width, int height, int channels)
        : this(width, height, channels, new byte[CheckedLength(width, height, channels)])
    {
    }

    /// <summary>Wraps <paramref name="pixels"/> (not copied) as an image; its length must be width * height * channels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1 or channels is not 1 or 3.</exception>
    /// <exception cref="ArgumentException">The buffer length does not match.</exception>
    public Image(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        long length = CheckedLength(width, height, channels);
        if (pixels.Length != length)
            throw new ArgumentException($"Pixel buffer holds {pixels.Length} bytes; a {width}x{height}x{channels} image needs {length}.", nameof(pixels));
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Channels per pixel: 1 (grey) or 3 (RGB).</summary>
    public int Channels { get; }

    /// <summary>Bytes per row: Width * Channels (rows are not padded).</summary>
    public int Stride => Width * Channels;

    /// <summary>The pixel bytes, HWC interleaved, length Height * Stride.</summary>
    public byte[] Pixels { get; }

    /// <summary>The pixels as a span.</summary>
    public Span<byte> Span => Pixels;

    /// <summary>Channel <paramref name="channel"/> of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is outside the image.</exception>
    public byte this[int x, int y, int channel]
    {
        get
        {
            if ((uint)x >= (uint)Width) throw new ArgumentOutOfRangeException(nameof(x), x, $"x must be in [0, {Width}).");
            if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y), y, $"y must be in [0, {Height}).");
            if ((uint)channel >= (uint)Channels) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"channel must be in [0, {Channels}).");
            return Pixels[((y * Width) + x) * Channels + channel];
        }
    }

    /// <summary>The bytes of row <paramref name="y"/> (length <see cref="Stride"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="y"/> is outside the image.</exception>
    public Span<byte> GetRow(int y)
    {
        if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y), y, $"y must be in [0, {Height}).");
        return Pixels.AsSpan(y * Stride, Stride);
    }

    /// <summary>A deep copy.</summary>
    public Image Clone() => new(Width, Height, Channels, (byte[])Pixels.Clone());

    /// <inheritdoc />
    public override string ToString() => $"Image {Width}x{Height}x{Channels}";

    /// <summary>
    /// Reads and decodes a JPEG or PNG file (recognised by its signature, not its extension).
    /// </summary>
    /// <exception cref="ImageFormatException">The file is not a JPEG or PNG, is corrupt, truncated, unsupported or exceeds the caps; the message names the file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Image Load(string path, DecodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= DecodeOptions.Default;
        options.Validate();
        byte[] data;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            long length = stream.Length;
            if (length > options.MaxFileBytes)
                throw new ImageFormatException($"file of {length} bytes exceeds the limit of {options.MaxFileBytes} bytes (DecodeOptions.MaxFileBytes).", path, null);
            data = new byte[length];
            stream.ReadExactly(data);
        }
        try
        {
            return Decode(data, options);
        }
        catch (ImageFormatException e)
        {
            throw new ImageFormatException(e.Reason, path, e);
        }
    }

    /// <summary>
    /// Decodes a JPEG (baseline or progressive) or PNG held in memory, recognised by its signature.
    /// JPEGs with an EXIF orientation are turned upright unless <see cref="DecodeOptions.ApplyExifOrientation"/> is false.
    /// </summary>
    /// <exception cref="ImageFormatException">The data is not a JPEG or PNG, is corrupt, truncated, unsupported or exceeds the caps.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        options.Validate();
        if (JpegDecoder.HasSignature(data)) return JpegDecoder.Decode(data, options);
        if (PngDecoder.HasSignature(data)) return PngDecoder.Decode(data, options);
        if (data.IsEmpty) throw new ImageFormatException("empty data: expected a JPEG or PNG image.");
        throw new ImageFormatException($"unknown image format (first bytes {Convert.ToHexString(data[..Math.Min(8, data.Length)])}): only JPEG and PNG are decoded.");
    }

    /// <summary>Encodes this image as PNG (8-bit grey or RGB).</summary>
    public byte[] EncodePng() => PngEncoder.Encode(this);

    /// <summary>Encodes this image as a baseline JPEG.</summary>
    /// <param name="quality">1 (smallest) to 100 (best), scaling the standard tables like libjpeg.</param>
    /// <param name="subsampling">Chroma subsampling of RGB images (ignored for grey).</param>
    /// <exception cref="ArgumentOutOfRangeException">Quality is outside [1, 100].</exception>
    public byte[] EncodeJpeg(int quality = 90, JpegSubsampling subsampling = JpegSubsampling.Yuv420) =>
        JpegEncoder.Encode(this, quality, subsampling);

    /// <summary>Writes this image as a PNG file (through a temporary file, then renamed).</summary>
    public void SavePng(string path) => WriteAtomically(path, EncodePng());

    /// <summary>Writes this image as a baseline JPEG file (through a temporary file, then renamed).</summary>
    public void SaveJpeg(string path, int quality = 90, JpegSubsampling subsampling = JpegSubsampling.Yuv420) =>
        WriteAtomically(path, EncodeJpeg(quality, subsampling));

    private static void WriteAtomically(string path, byte[] bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string temp = path + ".tmp" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static long CheckedLength(int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels != 1 && channels != 3)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 (grey) or 3 (RGB).");
        long length = (long)width * height * channels;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height}x{channels} does not fit in one buffer.");
        return length;
    }
}
