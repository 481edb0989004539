using System.Buffers.Binary;
using System.IO.Compression;

namespace Fer.Transforms.Imaging.Codecs.Png;

/// <summary>
/// Writes 8-bit grey or RGB PNGs, not interlaced. Each row gets the filter whose output has the
/// smallest sum of absolute signed bytes (the usual libpng heuristic).
/// </summary>
internal static class PngEncoder
{
    public static byte[] Encode(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int stride = image.Stride, bpp = image.Channels;
        var output = new MemoryStream();
        output.Write(PngDecoder.Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], image.Height);
        ihdr[8] = 8;
        ihdr[9] = (byte)(image.Channels == 1 ? 0 : 2);
        ihdr[10] = ihdr[11] = ihdr[12] = 0;
        WriteChunk(output, "IHDR"u8, ihdr);

        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            byte[] previous = new byte[stride], best = new byte[stride + 1], trial = new byte[stride];
            for (int y = 0; y < image.Height; y++)
            {
                ReadOnlySpan<byte> row = image.GetRow(y);
                long bestScore = long.MaxValue;
                for (int type = 0; type <= 4; type++)
                {
                    PngFilters.Filter(type, row, previous, bpp, trial);
                    long score = 0;
                    foreach (byte b in trial) score += Math.Abs((int)(sbyte)b);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        best[0] = (byte)type;
                        trial.CopyTo(best, 1);
                    }
                }
                zlib.Write(best);
                row.CopyTo(previous);
            }
        }
        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        output.Write(word);
        output.Write(type);
        output.Write(body);
        uint crc = PngCrc32.Update(PngCrc32.Update(0xFFFFFFFFu, type), body) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
