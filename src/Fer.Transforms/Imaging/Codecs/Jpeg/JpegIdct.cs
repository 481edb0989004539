using System.Runtime.CompilerServices;

namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// The accurate integer inverse DCT of libjpeg ("islow", jidctint.c: the Loeffler-Ligtenberg-Moschytz
/// factorisation with 13-bit constants and two extra bits kept between the passes), so decoded
/// samples match libjpeg-turbo's default output bit for bit. Inputs are dequantised coefficients in
/// natural (row-major) order; outputs are level-shifted and clamped to 0..255.
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;
    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    /// <summary>
    /// Transforms one 8x8 block. <paramref name="block"/> holds 64 dequantised coefficients and is
    /// used as the workspace (its contents are destroyed). Writes 8 rows of 8 bytes at
    /// <paramref name="offset"/> with row pitch <paramref name="stride"/>.
    /// </summary>
    public static void Transform(Span<int> block, Span<byte> output, int offset, int stride)
    {
        ref int b = ref block[63];
        b = ref block[0];
        _ = output[offset + 7 * stride + 7];

        // Pass 1: columns, results scaled up by 2^Pass1Bits, stored back in place.
        for (int c = 0; c < 8; c++)
        {
            ref int col = ref Unsafe.Add(ref b, c);
            int in1 = Unsafe.Add(ref col, 8), in2 = Unsafe.Add(ref col, 16), in3 = Unsafe.Add(ref col, 24);
            int in4 = Unsafe.Add(ref col, 32), in5 = Unsafe.Add(ref col, 40), in6 = Unsafe.Add(ref col, 48), in7 = Unsafe.Add(ref col, 56);
            if ((in1 | in2 | in3 | in4 | in5 | in6 | in7) == 0)
            {
                int dc = col << Pass1Bits;
                for (int r = 0; r < 64; r += 8) Unsafe.Add(ref col, r) = dc;
                continue;
            }
            Butterfly(col, in1, in2, in3, in4, in5, in6, in7,
                out int o0, out int o1, out int o2, out int o3, out int o4, out int o5, out int o6, out int o7);
            const int Shift = ConstBits - Pass1Bits, Round = 1 << (Shift - 1);
            col = (o0 + Round) >> Shift;
            Unsafe.Add(ref col, 8) = (o1 + Round) >> Shift;
            Unsafe.Add(ref col, 16) = (o2 + Round) >> Shift;
            Unsafe.Add(ref col, 24) = (o3 + Round) >> Shift;
            Unsafe.Add(ref col, 32) = (o4 + Round) >> Shift;
            Unsafe.Add(ref col, 40) = (o5 + Round) >> Shift;
            Unsafe.Add(ref col, 48) = (o6 + Round) >> Shift;
            Unsafe.Add(ref col, 56) = (o7 + Round) >> Shift;
        }

        // Pass 2: rows, descaled by 2^(ConstBits + Pass1Bits + 3) and level-shifted.
        for (int r = 0; r < 8; r++)
        {
            ref int row = ref Unsafe.Add(ref b, r * 8);
            Span<byte> dst = output.Slice(offset + r * stride, 8);
            int in1 = Unsafe.Add(ref row, 1), in2 = Unsafe.Add(ref row, 2), in3 = Unsafe.Add(ref row, 3);
            int in4 = Unsafe.Add(ref row, 4), in5 = Unsafe.Add(ref row, 5), in6 = Unsafe.Add(ref row, 6), in7 = Unsafe.Add(ref row, 7);
            if ((in1 | in2 | in3 | in4 | in5 | in6 | in7) == 0)
            {
                dst.Fill(Clamp((row + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)));
                continue;
            }
            Butterfly(row, in1, in2, in3, in4, in5, in6, in7,
                out int o0, out int o1, out int o2, out int o3, out int o4, out int o5, out int o6, out int o7);
            const int Shift = ConstBits + Pass1Bits + 3, Round = 1 << (Shift - 1);
            dst[0] = Clamp((o0 + Round) >> Shift);
            dst[1] = Clamp((o1 + Round) >> Shift);
            dst[2] = Clamp((o2 + Round) >> Shift);
            dst[3] = Clamp((o3 + Round) >> Shift);
            dst[4] = Clamp((o4 + Round) >> Shift);
            dst[5] = Clamp((o5 + Round) >> Shift);
            dst[6] = Clamp((o6 + Round) >> Shift);
            dst[7] = Clamp((o7 + Round) >> Shift);
        }
    }

    /// <summary>Fills an 8x8 output block for a block whose AC coefficients are all zero.</summary>
    public static void TransformDcOnly(int dequantizedDc, Span<byte> output, int offset, int stride)
    {
        // Both passes reduce to this for a DC-only block (pass 1 scales by 4, pass 2 descales by 32).
        byte v = Clamp(((dequantizedDc << Pass1Bits) + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3));
        for (int r = 0; r < 8; r++) output.Slice(offset + r * stride, 8).Fill(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int x)
    {
        x += 128;
        return (uint)x <= 255 ? (byte)x : x < 0 ? (byte)0 : (byte)255;
    }

    /// <summary>One 8-point 1-D IDCT; outputs are still scaled by 2^ConstBits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(int in0, int in1, int in2, int in3, int in4, int in5, int in6, int in7,
        out int o0, out int o1, out int o2, out int o3, out int o4, out int o5, out int o6, out int o7)
    {
        // Even part.
        int z1 = (in2 + in6) * Fix0541196100;
        int tmp2 = z1 + in6 * -Fix1847759065;
        int tmp3 = z1 + in2 * Fix0765366865;
        int tmp0 = (in0 + in4) << ConstBits;
        int tmp1 = (in0 - in4) << ConstBits;
        int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        // Odd part.
        tmp0 = in7;
        tmp1 = in5;
        tmp2 = in3;
        tmp3 = in1;
        z1 = tmp0 + tmp3;
        int z2 = tmp1 + tmp2, z3 = tmp0 + tmp2, z4 = tmp1 + tmp3;
        int z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 = z3 * -Fix1961570560 + z5;
        z4 = z4 * -Fix0390180644 + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;

        o0 = tmp10 + tmp3;
        o7 = tmp10 - tmp3;
        o1 = tmp11 + tmp2;
        o6 = tmp11 - tmp2;
        o2 = tmp12 + tmp1;
        o5 = tmp12 - tmp1;
        o3 = tmp13 + tmp0;
        o4 = tmp13 - tmp0;
    }
}
