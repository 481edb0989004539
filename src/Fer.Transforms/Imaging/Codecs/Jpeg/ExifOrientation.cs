using System.Buffers.Binary;

namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// Reads the orientation tag (0x0112) from an APP1 Exif segment and turns an image upright.
/// Values follow the EXIF/TIFF convention (1 = upright, 2 = mirrored, 3 = 180, 4 = flipped,
/// 5 = transposed, 6 = needs 90 degrees clockwise, 7 = transversed, 8 = needs 90 counter-clockwise).
/// </summary>
internal static class ExifOrientation
{
    /// <summary>The orientation in <paramref name="app1"/> (the segment after its length), or 1 when absent or unreadable.</summary>
    public static int Read(ReadOnlySpan<byte> app1)
    {
        if (app1.Length < 14 || !app1[..6].SequenceEqual("Exif\0\0"u8)) return 1;
        ReadOnlySpan<byte> tiff = app1[6..];
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I') little = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M') little = false;
        else return 1;
        if (U16(tiff, 2, little) != 42) return 1;
        long ifd = U32(tiff, 4, little);
        if (ifd < 8 || ifd + 2 > tiff.Length) return 1;
        int entries = U16(tiff, (int)ifd, little);
        for (int i = 0; i < entries; i++)
        {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > tiff.Length) return 1;
            int e = (int)entry;
            if (U16(tiff, e, little) != 0x0112) continue;
            int type = U16(tiff, e + 2, little);
            if (type != 3 || U32(tiff, e + 4, little) != 1) return 1; // SHORT, count 1
            int value = U16(tiff, e + 8, little);
            return value is >= 1 and <= 8 ? value : 1;
        }
        return 1;
    }

    /// <summary>Applies the transform that displays an image stored with <paramref name="orientation"/> upright.</summary>
    public static Image Apply(Image image, int orientation) => orientation switch
    {
        2 => image.FlipHorizontal(),
        3 => image.Rotate180(),
        4 => image.FlipVertical(),
        5 => image.Transpose(),
        6 => image.Rotate90(),
        7 => image.Transverse(),
        8 => image.Rotate270(),
        _ => image,
    };

    private static int U16(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[at..]);

    private static long U32(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt32BigEndian(s[at..]);
}
