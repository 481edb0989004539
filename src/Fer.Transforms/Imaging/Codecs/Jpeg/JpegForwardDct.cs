namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// The 8x8 forward DCT-II of T.81 A.3.3 in floating point, as two passes of an 8x8 matrix product,
/// followed by quantisation (round to nearest). Encoding is not on the training hot path, so the
/// plain, obviously right form is used.
/// </summary>
internal static class JpegForwardDct
{
    /// <summary>Basis[u * 8 + x] = C(u)/2 * cos((2x + 1) u pi / 16).</summary>
    private static readonly float[] Basis = BuildBasis();

    /// <summary>
    /// Transforms 64 level-shifted samples (natural order) and writes the quantised coefficients,
    /// divided by <paramref name="quant"/> (natural order), into <paramref name="output"/>.
    /// </summary>
    public static void TransformAndQuantize(ReadOnlySpan<float> samples, ReadOnlySpan<byte> quant, Span<int> output)
    {
        float[] basis = Basis;
        Span<float> temp = stackalloc float[64];
        // Rows: temp[y, u] = sum_x samples[y, x] * basis[u, x].
        for (int y = 0; y < 8; y++)
        {
            for (int u = 0; u < 8; u++)
            {
                float s = 0;
                for (int x = 0; x < 8; x++) s += samples[y * 8 + x] * basis[u * 8 + x];
                temp[y * 8 + u] = s;
            }
        }
        // Columns: out[v, u] = sum_y basis[v, y] * temp[y, u].
        for (int v = 0; v < 8; v++)
        {
            for (int u = 0; u < 8; u++)
            {
                float s = 0;
                for (int y = 0; y < 8; y++) s += basis[v * 8 + y] * temp[y * 8 + u];
                output[v * 8 + u] = (int)MathF.Round(s / quant[v * 8 + u], MidpointRounding.AwayFromZero);
            }
        }
    }

    private static float[] BuildBasis()
    {
        var basis = new float[64];
        for (int u = 0; u < 8; u++)
        {
            double c = u == 0 ? Math.Sqrt(0.5) : 1.0;
            for (int x = 0; x < 8; x++) basis[u * 8 + x] = (float)(c / 2 * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        }
        return basis;
    }
}
