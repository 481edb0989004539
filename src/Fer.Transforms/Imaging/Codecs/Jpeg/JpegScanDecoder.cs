namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// Entropy decoding of one scan (T.81 Annex F and G): sequential scans are decoded and transformed
/// block by block straight into the component planes; progressive scans (DC/AC, first/refinement)
/// update the coefficient buffers, which <see cref="FinishProgressive"/> transforms at the end.
/// Restart markers are checked in order and reset predictors and end-of-band runs.
/// </summary>
internal static class JpegScanDecoder
{
    internal readonly record struct ScanParameters(int Ss, int Se, int Ah, int Al, int RestartInterval, int McusPerLine, int McusPerColumn);

    private enum Mode
    {
        Sequential,
        DcFirst,
        DcRefine,
        AcFirst,
        AcRefine,
    }

    public static int DecodeBaseline(ReadOnlySpan<byte> data, int pos, JpegComponent[] scan, ScanParameters p) =>
        Decode(data, pos, scan, p, Mode.Sequential);

    public static int DecodeProgressive(ReadOnlySpan<byte> data, int pos, JpegComponent[] scan, ScanParameters p)
    {
        Mode mode = p.Ss == 0 ? (p.Ah == 0 ? Mode.DcFirst : Mode.DcRefine) : (p.Ah == 0 ? Mode.AcFirst : Mode.AcRefine);
        return Decode(data, pos, scan, p, mode);
    }

    /// <summary>Dequantises and transforms every coefficient block of a progressive frame into the planes.</summary>
    public static void FinishProgressive(JpegComponent[] components)
    {
        Span<int> block = stackalloc int[64];
        foreach (JpegComponent c in components)
        {
            short[] coefficients = c.Coefficients!;
            ushort[] q = c.Quant!;
            int stride = c.Stride;
            for (int by = 0; by < c.HeightInBlocks; by++)
            {
                for (int bx = 0; bx < c.WidthInBlocks; bx++)
                {
                    ReadOnlySpan<short> coef = coefficients.AsSpan((by * c.BlocksPerLine + bx) * 64, 64);
                    int any = 0;
                    for (int i = 1; i < 64; i++)
                    {
                        int v = coef[i] * q[i];
                        block[i] = v;
                        any |= v;
                    }
                    int offset = by * 8 * stride + bx * 8;
                    if (any == 0) JpegIdct.TransformDcOnly(coef[0] * q[0], c.Plane, offset, stride);
                    else
                    {
                        block[0] = coef[0] * q[0];
                        JpegIdct.Transform(block, c.Plane, offset, stride);
                    }
                }
            }
        }
    }

    private static int Decode(ReadOnlySpan<byte> data, int pos, JpegComponent[] scan, ScanParameters p, Mode mode)
    {
        var reader = new JpegBitReader(data, pos);
        Span<int> block = stackalloc int[64];
        block.Clear();
        bool single = scan.Length == 1;
        int mcusX = single ? scan[0].WidthInBlocks : p.McusPerLine;
        int mcusY = single ? scan[0].HeightInBlocks : p.McusPerColumn;
        int eobrun = 0, nextRestart = 0, mcu = 0;
        for (int my = 0; my < mcusY; my++)
        {
            for (int mx = 0; mx < mcusX; mx++, mcu++)
            {
                if (p.RestartInterval > 0 && mcu > 0 && mcu % p.RestartInterval == 0)
                {
                    ProcessRestart(data, ref reader, ref nextRestart);
                    foreach (JpegComponent c in scan) c.DcPredictor = 0;
                    eobrun = 0;
                }
                if (single)
                {
                    DecodeBlock(ref reader, scan[0], my, mx, p, mode, block, ref eobrun);
                    continue;
                }
                foreach (JpegComponent c in scan)
                {
                    for (int v = 0; v < c.V; v++)
                        for (int h = 0; h < c.H; h++)
                            DecodeBlock(ref reader, c, my * c.V + v, mx * c.H + h, p, mode, block, ref eobrun);
                }
            }
        }
        if (reader.Overran) throw Truncated();
        return reader.FindMarker();
    }

    private static void ProcessRestart(ReadOnlySpan<byte> data, ref JpegBitReader reader, ref int expected)
    {
        if (reader.Overran) throw Truncated();
        int at = reader.FindMarker();
        if (at + 1 >= data.Length) throw Truncated();
        int code = data[at + 1];
        if (code != 0xD0 + expected)
            throw new ImageFormatException($"JPEG: expected restart marker RST{expected}, found marker 0xFF{code:X2} (corrupt data).");
        reader.Reset(at + 2);
        expected = (expected + 1) & 7;
    }

    private static ImageFormatException Truncated() =>
        new("JPEG: entropy-coded data ends early (truncated or corrupt file).");

    private static void DecodeBlock(ref JpegBitReader reader, JpegComponent c, int by, int bx, ScanParameters p, Mode mode, scoped Span<int> block, ref int eobrun)
    {
        if (mode == Mode.Sequential)
        {
            bool hasAc = DecodeSequential(ref reader, c, block);
            int stride = c.Stride;
            int offset = by * 8 * stride + bx * 8;
            if (hasAc)
            {
                JpegIdct.Transform(block, c.Plane, offset, stride);
                block.Clear();
            }
            else
            {
                JpegIdct.TransformDcOnly(block[0], c.Plane, offset, stride);
                block[0] = 0;
            }
            return;
        }
        int blockIndex = by * c.BlocksPerLine + bx;
        Span<short> coef = c.Coefficients.AsSpan(blockIndex * 64, 64);
        ref ulong nonzero = ref c.NonzeroMasks![blockIndex];
        switch (mode)
        {
            case Mode.DcFirst:
                {
                    int s = reader.Decode(c.DcTable!);
                    c.DcPredictor += reader.ReceiveExtend(s);
                    coef[0] = (short)(c.DcPredictor << p.Al);
                    break;
                }
            case Mode.DcRefine:
                if (reader.GetBit() != 0) coef[0] |= (short)(1 << p.Al);
                break;
            case Mode.AcFirst:
                DecodeAcFirst(ref reader, coef, ref nonzero, p, c.AcTable!, ref eobrun);
                break;
            default:
                DecodeAcRefine(ref reader, coef, ref nonzero, p, c.AcTable!, ref eobrun);
                break;
        }
    }

    /// <summary>
    /// One sequential block: DC difference then run-length coded AC, dequantised into <paramref name="block"/>.
    /// Returns whether any AC coefficient was coded.
    /// </summary>
    private static bool DecodeSequential(ref JpegBitReader reader, JpegComponent c, scoped Span<int> block)
    {
        ushort[] q = c.Quant!;
        JpegHuffmanTable ac = c.AcTable!;
        ReadOnlySpan<byte> natural = JpegTables.NaturalOrder;
        int s = reader.Decode(c.DcTable!);
        c.DcPredictor += reader.ReceiveExtend(s);
        block[0] = (short)c.DcPredictor * q[0];
        bool hasAc = false;
        int[] fastAc = ac.FastAc;
        for (int k = 1; k < 64; k++)
        {
            reader.Ensure16();
            int fast = fastAc[reader.Peek(JpegHuffmanTable.LookupBits)];
            if (fast != 0)
            {
                // Common case: code and value bits resolved by one lookup.
                reader.Skip(fast & 15);
                k += (fast >> 4) & 15;
                int z = natural[k];
                block[z] = (short)(fast >> 8) * q[z];
                hasAc = true;
                continue;
            }
            int rs = reader.Decode(ac);
            int run = rs >> 4;
            s = rs & 15;
            if (s != 0)
            {
                k += run;
                int z = natural[k];
                block[z] = (short)reader.ReceiveExtend(s) * q[z];
                hasAc = true;
            }
            else
            {
                if (run != 15) break;
                k += 15;
            }
        }
        return hasAc;
    }

    private static void DecodeAcFirst(ref JpegBitReader reader, scoped Span<short> coef, ref ulong nonzero, ScanParameters p, JpegHuffmanTable ac, ref int eobrun)
    {
        if (eobrun > 0)
        {
            eobrun--;
            return;
        }
        ReadOnlySpan<byte> natural = JpegTables.NaturalOrder;
        for (int k = p.Ss; k <= p.Se; k++)
        {
            int rs = reader.Decode(ac);
            int run = rs >> 4, s = rs & 15;
            if (s != 0)
            {
                k += run;
                short value = (short)(reader.ReceiveExtend(s) << p.Al);
                coef[natural[k]] = value;
                if (value != 0) nonzero |= 1UL << Math.Min(k, 63);
            }
            else if (run == 15)
            {
                k += 15;
            }
            else
            {
                eobrun = 1 << run;
                if (run != 0) eobrun += reader.GetBits(run);
                eobrun--;
                break;
            }
        }
    }

    private static void DecodeAcRefine(ref JpegBitReader reader, scoped Span<short> coef, ref ulong nonzero, ScanParameters p, JpegHuffmanTable ac, ref int eobrun)
    {
        ReadOnlySpan<byte> natural = JpegTables.NaturalOrder;
        int p1 = 1 << p.Al, m1 = -1 << p.Al;
        int k = p.Ss, se = p.Se;
        if (eobrun == 0)
        {
            for (; k <= se; k++)
            {
                int rs = reader.Decode(ac);
                int run = rs >> 4, s = rs & 15, value = 0;
                if (s != 0)
                {
                    value = reader.GetBit() != 0 ? p1 : m1; // s must be 1; libjpeg treats any other size the same way
                }
                else if (run != 15)
                {
                    eobrun = 1 << run;
                    if (run != 0) eobrun += reader.GetBits(run);
                    break;
                }
                // Skip `run` zero coefficients, refining the nonzero ones passed on the way.
                do
                {
                    int z = natural[k];
                    int current = coef[z];
                    if (current != 0)
                    {
                        if (reader.GetBit() != 0 && (current & p1) == 0)
                            coef[z] = (short)(current >= 0 ? current + p1 : current + m1);
                    }
                    else if (--run < 0)
                    {
                        break;
                    }
                    k++;
                }
                while (k <= se);
                if (value != 0)
                {
                    coef[natural[k]] = (short)value;
                    nonzero |= 1UL << Math.Min(k, 63);
                }
            }
        }
        if (eobrun > 0)
        {
            // In an end-of-band run only the nonzero coefficients get a correction bit: visit just those.
            if (k <= se)
            {
                ulong pending = nonzero & (ulong.MaxValue >> (63 - se)) & (ulong.MaxValue << k);
                while (pending != 0)
                {
                    int z = natural[System.Numerics.BitOperations.TrailingZeroCount(pending)];
                    pending &= pending - 1;
                    int current = coef[z];
                    if (reader.GetBit() != 0 && (current & p1) == 0)
                        coef[z] = (short)(current >= 0 ? current + p1 : current + m1);
                }
            }
            eobrun--;
        }
    }
}
