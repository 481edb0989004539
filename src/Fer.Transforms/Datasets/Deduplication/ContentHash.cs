using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fer.Transforms.Datasets;

/// <summary>SHA-256 of an image's content: the file's bytes, or the raw pixels preceded by their width and height.</summary>
public static class ContentHash
{
    /// <summary>The SHA-256 of <paramref name="source"/>'s content (32 bytes).</summary>
    /// <exception cref="FileNotFoundException">The image file does not exist.</exception>
    public static byte[] Compute(ImageSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Kind == ImageSourceKind.File)
        {
            using var stream = new FileStream(source.Path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return SHA256.HashData(stream);
        }
        // Size first, so equal bytes in different shapes hash apart.
        var pixels = source.Pixels.Span;
        var data = new byte[8 + pixels.Length];
        BinaryPrimitives.WriteInt32LittleEndian(data, source.Width);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), source.Height);
        pixels.CopyTo(data.AsSpan(8));
        return SHA256.HashData(data);
    }

    /// <summary>The SHA-256 of arbitrary content (e.g. decoded pixels from a custom content function).</summary>
    public static byte[] Compute(ReadOnlySpan<byte> content) => SHA256.HashData(content);
}
