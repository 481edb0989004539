using System.Buffers.Binary;
using System.Text;

namespace Fer.MLNet.Onnx.Proto;

/// <summary>
/// Reads the protobuf wire format from a byte range without copying. Every length is checked
/// against the end of the enclosing message before use, so truncated or garbage input fails with
/// a <see cref="ProtoWireException"/> naming the byte offset, never with an oversized allocation.
/// </summary>
internal struct ProtoWireReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] buffer;
    private readonly int end;
    private int position;

    public ProtoWireReader(byte[] buffer, int start, int end)
    {
        System.Diagnostics.Debug.Assert(start >= 0 && start <= end && end <= buffer.Length);
        this.buffer = buffer;
        position = start;
        this.end = end;
    }

    public readonly bool AtEnd => position >= end;

    public readonly int Position => position;

    public readonly byte[] Buffer => buffer;

    /// <summary>Reads a field key; field numbers must be positive and wire types known (groups are rejected).</summary>
    public (int Field, int WireType) ReadTag()
    {
        int at = position;
        ulong key = ReadVarint();
        ulong field = key >> 3;
        int wire = (int)(key & 7);
        if (field == 0 || field > 536_870_911)
            throw new ProtoWireException($"invalid field number {field} at byte {at}");
        if (wire is 3 or 4)
            throw new ProtoWireException($"deprecated group encoding (wire type {wire}) at byte {at}");
        if (wire is not (Varint or Fixed64 or LengthDelimited or Fixed32))
            throw new ProtoWireException($"unknown wire type {wire} at byte {at}");
        return ((int)field, wire);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (position >= end) throw new ProtoWireException($"truncated varint at byte {position}");
            byte b = buffer[position++];
            if (shift == 63 && b > 1) throw new ProtoWireException($"varint longer than 64 bits at byte {position - 1}");
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new ProtoWireException($"varint longer than 10 bytes at byte {position}");
    }

    public long ReadInt64() => (long)ReadVarint();

    /// <summary>An int32 field (negative values are sign-extended to 10 bytes on the wire).</summary>
    public int ReadInt32()
    {
        int at = position;
        long v = (long)ReadVarint();
        if (v < int.MinValue || v > int.MaxValue) throw new ProtoWireException($"int32 field out of range ({v}) at byte {at}");
        return (int)v;
    }

    public uint ReadFixed32()
    {
        Need(4);
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(position, 4));
        position += 4;
        return v;
    }

    public ulong ReadFixed64()
    {
        Need(8);
        ulong v = BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(position, 8));
        position += 8;
        return v;
    }

    public float ReadFloat() => BitConverter.UInt32BitsToSingle(ReadFixed32());

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadFixed64());

    /// <summary>Reads a length prefix and returns the start of the payload, checking it fits.</summary>
    public (int Start, int Length) ReadLengthDelimited()
    {
        int at = position;
        ulong len = ReadVarint();
        if (len > (ulong)(end - position))
            throw new ProtoWireException($"length {len} at byte {at} runs past the end of its message (only {end - position} bytes left)");
        int start = position;
        position += (int)len;
        return (start, (int)len);
    }

    public ProtoWireReader ReadMessage()
    {
        var (start, length) = ReadLengthDelimited();
        return new ProtoWireReader(buffer, start, start + length);
    }

    public ReadOnlyMemory<byte> ReadBytes()
    {
        var (start, length) = ReadLengthDelimited();
        return new ReadOnlyMemory<byte>(buffer, start, length);
    }

    public string ReadString()
    {
        var (start, length) = ReadLengthDelimited();
        try
        {
            return StrictUtf8.GetString(buffer, start, length);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtoWireException($"string at byte {start} is not valid UTF-8", e);
        }
    }

    /// <summary>Skips the value of a field with the given wire type.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Need(8); position += 8; break;
            case Fixed32: Need(4); position += 4; break;
            case LengthDelimited: ReadLengthDelimited(); break;
            default: throw new ProtoWireException($"cannot skip wire type {wireType} at byte {position}");
        }
    }

    private readonly void Need(int count)
    {
        if (end - position < count)
            throw new ProtoWireException($"truncated {count}-byte value at byte {position}");
    }
}
