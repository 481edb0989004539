namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// A canonical Huffman table from a DHT segment, with a 9-bit look-ahead table that resolves most
/// codes in one lookup and per-length maximum codes (JPEG Annex F.2.2.3) for the rest.
/// </summary>
internal sealed class JpegHuffmanTable
{
    public const int LookupBits = 9;

    /// <summary>Indexed by the next 9 bits: (code length &lt;&lt; 8) | symbol, or 0 when the code is longer.</summary>
    public readonly ushort[] Lookup = new ushort[1 << LookupBits];

    /// <summary>Largest code of each length 1..16, or -1 when there is none.</summary>
    public readonly int[] MaxCode = new int[17];

    /// <summary>Index into <see cref="Values"/> of a code of each length, minus that code.</summary>
    public readonly int[] ValueOffset = new int[17];

    public readonly byte[] Values = new byte[256];

    public int Count { get; private set; }

    /// <summary>
    /// For AC tables, indexed by the next 9 bits: a run/size symbol and its value bits together when
    /// both fit in 9 bits, as (value &lt;&lt; 8) | (run &lt;&lt; 4) | total length; 0 otherwise.
    /// </summary>
    public readonly int[] FastAc = new int[1 << LookupBits];

    /// <summary>Builds the table from the 16 code-length counts and the symbols.</summary>
    /// <exception cref="ImageFormatException">The counts do not describe a valid prefix code.</exception>
    public void Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols, bool isDc)
    {
        int total = symbols.Length;
        if (total > 256) throw new ImageFormatException("JPEG: Huffman table with more than 256 symbols.");
        symbols.CopyTo(Values);
        Count = total;
        Array.Clear(Lookup);
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            ValueOffset[length] = k - code;
            for (int i = 0; i < n; i++)
            {
                if (code >= (1 << length)) throw new ImageFormatException("JPEG: bad Huffman table (code lengths overflow).");
                if (length <= LookupBits)
                {
                    int shift = LookupBits - length;
                    int first = code << shift;
                    ushort entry = (ushort)((length << 8) | symbols[k]);
                    Lookup.AsSpan(first, 1 << shift).Fill(entry);
                }
                code++;
                k++;
            }
            MaxCode[length] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }
        BuildFastAc();
        if (isDc)
        {
            for (int i = 0; i < total; i++)
                if (symbols[i] > 15) throw new ImageFormatException($"JPEG: bad DC Huffman table (symbol {symbols[i]} > 15).");
        }
    }

    private void BuildFastAc()
    {
        Array.Clear(FastAc);
        for (int i = 0; i < Lookup.Length; i++)
        {
            int entry = Lookup[i];
            if (entry == 0) continue;
            int length = entry >> 8, symbol = entry & 0xFF;
            int run = symbol >> 4, size = symbol & 15;
            if (size == 0 || length + size > LookupBits) continue;
            int bits = (i >> (LookupBits - length - size)) & ((1 << size) - 1);
            int value = bits < (1 << (size - 1)) ? bits - (1 << size) + 1 : bits;
            FastAc[i] = (value << 8) | (run << 4) | (length + size);
        }
    }
}
