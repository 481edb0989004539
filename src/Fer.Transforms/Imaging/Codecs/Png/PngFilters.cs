namespace Fer.Transforms.Imaging.Codecs.Png;

/// <summary>The five PNG scanline filters (None, Sub, Up, Average, Paeth), undone in place or applied.</summary>
internal static class PngFilters
{
    /// <summary>Reverses filter <paramref name="type"/> on <paramref name="row"/> using the previous reconstructed row.</summary>
    /// <exception cref="ImageFormatException">The filter type is not 0..4.</exception>
    public static void Unfilter(int type, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        int n = row.Length;
        previous = previous[..n];
        switch (type)
        {
            case 0:
                break;
            case 1:
                for (int i = bpp; i < n; i++) row[i] += row[i - bpp];
                break;
            case 2:
                for (int i = 0; i < n; i++) row[i] += previous[i];
                break;
            case 3:
                for (int i = 0; i < bpp && i < n; i++) row[i] += (byte)(previous[i] >> 1);
                for (int i = bpp; i < n; i++) row[i] += (byte)((row[i - bpp] + previous[i]) >> 1);
                break;
            case 4:
                for (int i = 0; i < bpp && i < n; i++) row[i] += previous[i];
                for (int i = bpp; i < n; i++) row[i] += Paeth(row[i - bpp], previous[i], previous[i - bpp]);
                break;
            default:
                throw new ImageFormatException($"PNG: unknown filter type {type} on a scanline.");
        }
    }

    /// <summary>Writes <paramref name="row"/> filtered with <paramref name="type"/> into <paramref name="output"/>.</summary>
    public static void Filter(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> output)
    {
        int n = row.Length;
        for (int i = 0; i < n; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
            output[i] = type switch
            {
                0 => row[i],
                1 => (byte)(row[i] - a),
                2 => (byte)(row[i] - b),
                3 => (byte)(row[i] - ((a + b) >> 1)),
                _ => (byte)(row[i] - Paeth((byte)a, (byte)b, (byte)c)),
            };
        }
    }

    public static byte Paeth(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }
}
