using System.Runtime.CompilerServices;

namespace Fer.Transforms.Imaging.Codecs.Jpeg;

/// <summary>
/// Reads the entropy-coded bits of one scan (or restart interval), MSB first, undoing 0xFF00 byte
/// stuffing. At a marker or at the end of the data it feeds zero bytes, as libjpeg does, and counts
/// them so the caller can tell a scan that really ran past its data (corrupt or truncated) from the
/// harmless look-ahead of the Huffman decoder.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;
    private ulong buffer;   // valid bits left-aligned
    private int count;      // number of valid bits in buffer
    private int padBytes;   // zero bytes fed after a marker or the end of data
    private int markerPosition; // index of the 0xFF of the marker that stopped reading, or -1

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        this.data = data;
        this.position = position;
        buffer = 0;
        count = 0;
        padBytes = 0;
        markerPosition = -1;
    }

    /// <summary>Tops the buffer up to at least 57 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Fill()
    {
        if (count > 56) return;
        FillSlow();
    }

    private void FillSlow()
    {
        ReadOnlySpan<byte> d = data;
        if (count <= 56 && markerPosition < 0 && position + 8 <= d.Length)
        {
            // Fast path: eight bytes without 0xFF need no unstuffing; take as many as fit.
            ulong word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(d[position..]);
            ulong inverted = ~word;
            if (((inverted - 0x0101010101010101UL) & ~inverted & 0x8080808080808080UL) == 0)
            {
                int n = (64 - count) >> 3;
                buffer |= (word >> (64 - 8 * n)) << (64 - count - 8 * n);
                position += n;
                count += 8 * n;
                return;
            }
        }
        while (count <= 56)
        {
            int b = 0;
            if (markerPosition < 0 && position < d.Length)
            {
                b = d[position];
                if (b != 0xFF)
                {
                    position++;
                }
                else
                {
                    // 0xFF: a stuffed data byte (FF 00), fill bytes (FF FF ...), or a marker.
                    int p = position + 1;
                    while (p < d.Length && d[p] == 0xFF) p++;
                    if (p < d.Length && d[p] == 0)
                    {
                        position = p + 1;
                    }
                    else
                    {
                        markerPosition = p - 1;
                        b = 0;
                        padBytes++;
                    }
                }
            }
            else
            {
                padBytes++;
            }
            buffer |= (ulong)(uint)b << (56 - count);
            count += 8;
        }
    }

    /// <summary>The next <paramref name="n"/> (1..16) bits without consuming them; needs <see cref="Fill"/> first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Peek(int n) => (int)(buffer >> (64 - n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n)
    {
        buffer <<= n;
        count -= n;
    }

    /// <summary>Reads <paramref name="n"/> bits, 1..16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetBits(int n)
    {
        if (count < n) FillSlow();
        int v = (int)(buffer >> (64 - n));
        buffer <<= n;
        count -= n;
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetBit()
    {
        if (count < 1) FillSlow();
        int v = (int)(buffer >> 63);
        buffer <<= 1;
        count--;
        return v;
    }

    /// <summary>Reads <paramref name="s"/> (0..16) bits and sign-extends them as JPEG's EXTEND does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int s)
    {
        if (s == 0) return 0;
        int v = GetBits(s);
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    /// <summary>Makes at least 16 bits available to <see cref="Peek"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure16()
    {
        if (count < 16) FillSlow();
    }

    /// <summary>Decodes one Huffman symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(JpegHuffmanTable table)
    {
        if (count < 16) FillSlow();
        int entry = table.Lookup[(int)(buffer >> (64 - JpegHuffmanTable.LookupBits))];
        if (entry != 0)
        {
            int length = entry >> 8;
            buffer <<= length;
            count -= length;
            return entry & 0xFF;
        }
        return DecodeLong(table);
    }

    private int DecodeLong(JpegHuffmanTable table)
    {
        int code16 = (int)(buffer >> 48);
        for (int length = JpegHuffmanTable.LookupBits + 1; length <= 16; length++)
        {
            int code = code16 >> (16 - length);
            if (code <= table.MaxCode[length])
            {
                int index = code + table.ValueOffset[length];
                if ((uint)index >= (uint)table.Count) break;
                buffer <<= length;
                count -= length;
                return table.Values[index];
            }
        }
        throw new ImageFormatException("JPEG: corrupt entropy-coded data (invalid Huffman code).");
    }

    /// <summary>True when decoding consumed zero bits fed past a marker or the end of the data.</summary>
    public readonly bool Overran => padBytes * 8 > count;

    /// <summary>
    /// Ends the current scan or restart interval: drops buffered bits and returns the index of the
    /// next marker's 0xFF (or the data length when there is none).
    /// </summary>
    public int FindMarker()
    {
        if (markerPosition >= 0) return markerPosition;
        ReadOnlySpan<byte> d = data;
        int p = position;
        while (p + 1 < d.Length)
        {
            if (d[p] == 0xFF && d[p + 1] != 0 && d[p + 1] != 0xFF) return p;
            p++;
        }
        return d.Length;
    }

    /// <summary>Restarts reading at <paramref name="newPosition"/> with an empty buffer.</summary>
    public void Reset(int newPosition)
    {
        position = newPosition;
        buffer = 0;
        count = 0;
        padBytes = 0;
        markerPosition = -1;
    }
}
