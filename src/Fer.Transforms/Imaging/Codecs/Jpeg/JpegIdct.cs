using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// <paramref name="offset"/> with row pitch <paramref name="stride"/>. Uses the AVX2 form when
    /// the CPU has it; both forms give identical bytes (same 32-bit integer arithmetic).
    /// </summary>
    public static void Transform(Span<int> block, Span<byte> output, int offset, int stride)
    {
        if (Avx2.IsSupported) TransformAvx2(block, output, offset, stride);
        else TransformScalar(block, output, offset, stride);
    }

    /// <summary>The scalar form: the reference for <see cref="TransformAvx2"/>, and the fallback.</summary>
    public static void TransformScalar(Span<int> block, Span<byte> output, int offset, int stride)
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

    /// <summary>
    /// Eight 1-D transforms at once: pass 1 with vector lanes as columns, a transpose, pass 2 with
    /// lanes as rows, a transpose back, then level shift, clamp and narrowing to bytes.
    /// </summary>
    public static void TransformAvx2(Span<int> block, Span<byte> output, int offset, int stride)
    {
        if (block.Length < 64) throw new ArgumentException("block needs 64 coefficients", nameof(block));
        if (offset < 0 || offset + 7 * stride + 8 > output.Length) throw new ArgumentOutOfRangeException(nameof(offset));
        ref int b = ref MemoryMarshal.GetReference(block);
        Vector256<int> r0 = Vector256.LoadUnsafe(ref b, 0), r1 = Vector256.LoadUnsafe(ref b, 8);
        Vector256<int> r2 = Vector256.LoadUnsafe(ref b, 16), r3 = Vector256.LoadUnsafe(ref b, 24);
        Vector256<int> r4 = Vector256.LoadUnsafe(ref b, 32), r5 = Vector256.LoadUnsafe(ref b, 40);
        Vector256<int> r6 = Vector256.LoadUnsafe(ref b, 48), r7 = Vector256.LoadUnsafe(ref b, 56);

        ButterflyVector(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ConstBits - Pass1Bits);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        ButterflyVector(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ConstBits + Pass1Bits + 3);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);

        Vector256<int> center = Vector256.Create(128), zero = Vector256<int>.Zero, max = Vector256.Create(255);
        Vector256<ushort> s01 = Vector256.Narrow(Pixel(r0).AsUInt32(), Pixel(r1).AsUInt32());
        Vector256<ushort> s23 = Vector256.Narrow(Pixel(r2).AsUInt32(), Pixel(r3).AsUInt32());
        Vector256<ushort> s45 = Vector256.Narrow(Pixel(r4).AsUInt32(), Pixel(r5).AsUInt32());
        Vector256<ushort> s67 = Vector256.Narrow(Pixel(r6).AsUInt32(), Pixel(r7).AsUInt32());
        Vector256<ulong> lo = Vector256.Narrow(s01, s23).AsUInt64(), hi = Vector256.Narrow(s45, s67).AsUInt64();
        ref byte o = ref MemoryMarshal.GetReference(output);
        for (int r = 0; r < 4; r++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, offset + r * stride), lo.GetElement(r));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, offset + (r + 4) * stride), hi.GetElement(r));
        }

        Vector256<int> Pixel(Vector256<int> v) => Vector256.Min(Vector256.Max(v + center, zero), max);
    }

    /// <summary>The butterfly of <see cref="Butterfly"/> on eight lanes, followed by the rounding shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ButterflyVector(ref Vector256<int> v0, ref Vector256<int> v1, ref Vector256<int> v2, ref Vector256<int> v3,
        ref Vector256<int> v4, ref Vector256<int> v5, ref Vector256<int> v6, ref Vector256<int> v7, int shift)
    {
        Vector256<int> z1 = (v2 + v6) * Fix0541196100;
        Vector256<int> tmp2 = z1 + v6 * -Fix1847759065;
        Vector256<int> tmp3 = z1 + v2 * Fix0765366865;
        Vector256<int> tmp0 = (v0 + v4) << ConstBits;
        Vector256<int> tmp1 = (v0 - v4) << ConstBits;
        Vector256<int> tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        tmp0 = v7;
        tmp1 = v5;
        tmp2 = v3;
        tmp3 = v1;
        z1 = tmp0 + tmp3;
        Vector256<int> z2 = tmp1 + tmp2, z3 = tmp0 + tmp2, z4 = tmp1 + tmp3;
        Vector256<int> z5 = (z3 + z4) * Fix1175875602;
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

        Vector256<int> round = Vector256.Create(1 << (shift - 1));
        v0 = Vector256.ShiftRightArithmetic(tmp10 + tmp3 + round, shift);
        v7 = Vector256.ShiftRightArithmetic(tmp10 - tmp3 + round, shift);
        v1 = Vector256.ShiftRightArithmetic(tmp11 + tmp2 + round, shift);
        v6 = Vector256.ShiftRightArithmetic(tmp11 - tmp2 + round, shift);
        v2 = Vector256.ShiftRightArithmetic(tmp12 + tmp1 + round, shift);
        v5 = Vector256.ShiftRightArithmetic(tmp12 - tmp1 + round, shift);
        v3 = Vector256.ShiftRightArithmetic(tmp13 + tmp0 + round, shift);
        v4 = Vector256.ShiftRightArithmetic(tmp13 - tmp0 + round, shift);
    }

    /// <summary>8x8 transpose of 32-bit lanes (unpack 32, unpack 64, swap 128-bit halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        Vector256<long> t0 = Avx2.UnpackLow(r0, r1).AsInt64(), t1 = Avx2.UnpackHigh(r0, r1).AsInt64();
        Vector256<long> t2 = Avx2.UnpackLow(r2, r3).AsInt64(), t3 = Avx2.UnpackHigh(r2, r3).AsInt64();
        Vector256<long> t4 = Avx2.UnpackLow(r4, r5).AsInt64(), t5 = Avx2.UnpackHigh(r4, r5).AsInt64();
        Vector256<long> t6 = Avx2.UnpackLow(r6, r7).AsInt64(), t7 = Avx2.UnpackHigh(r6, r7).AsInt64();
        Vector256<int> u0 = Avx2.UnpackLow(t0, t2).AsInt32(), u1 = Avx2.UnpackHigh(t0, t2).AsInt32();
        Vector256<int> u2 = Avx2.UnpackLow(t1, t3).AsInt32(), u3 = Avx2.UnpackHigh(t1, t3).AsInt32();
        Vector256<int> u4 = Avx2.UnpackLow(t4, t6).AsInt32(), u5 = Avx2.UnpackHigh(t4, t6).AsInt32();
        Vector256<int> u6 = Avx2.UnpackLow(t5, t7).AsInt32(), u7 = Avx2.UnpackHigh(t5, t7).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
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
