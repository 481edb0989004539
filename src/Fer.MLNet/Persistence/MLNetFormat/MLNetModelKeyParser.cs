using System.Buffers.Binary;

namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// Validates and decodes a <c>Model.key</c> stream with the checks of ML.NET's
/// <c>ModelHeader.TryValidate</c> (signature, versions, the body right after the header, the string
/// table right after the body, characters right after the table, the assembly name right after
/// them, the tail right after that, cumulative string offsets), plus: no bytes after the tail,
/// reserved header bytes zero, assembly-name fields zero in header version 0x00010001.
/// </summary>
internal static class MLNetModelKeyParser
{
    public static MLNetModelKey Parse(ReadOnlySpan<byte> data, string? file, string? entry)
    {
        ModelFormatException Bad(string detail) => new($"Model.key: {detail}", file, entry);

        long size = data.Length;
        if (size < MLNetModelKey.HeaderSize)
            throw Bad($"the stream is {size} bytes, shorter than the {MLNetModelKey.HeaderSize}-byte header (truncated).");
        ulong signature = U64(data, 0x00);
        if (signature != MLNetModelKey.Signature)
            throw Bad($"header signature is 0x{signature:X16}, expected 0x{MLNetModelKey.Signature:X16}: not an ML.NET model stream.");

        uint headerWritten = U32(data, 0x08), headerReadable = U32(data, 0x0C);
        if (headerReadable > headerWritten)
            throw Bad($"corrupt header: readable version 0x{headerReadable:X8} is above written version 0x{headerWritten:X8}.");
        if (headerReadable > MLNetModelKey.HeaderVersionWithAssemblyName)
            throw Bad($"header readable version 0x{headerReadable:X8} is newer than 0x{MLNetModelKey.HeaderVersionWithAssemblyName:X8} (file is too new).");
        if (headerWritten < MLNetModelKey.OldestHeaderVersion)
            throw Bad($"header version 0x{headerWritten:X8} is older than 0x{MLNetModelKey.OldestHeaderVersion:X8} (file is too old).");

        long bodyAt = I64(data, 0x10), bodyLength = I64(data, 0x18);
        long tableAt = I64(data, 0x20), tableLength = I64(data, 0x28);
        long charsAt = I64(data, 0x30), charsLength = I64(data, 0x38);
        long tailAt = I64(data, 0x80), limit = I64(data, 0x88);
        long assemblyAt = I64(data, 0x90);
        uint assemblyLength = U32(data, 0x98);
        for (int i = 0x9C; i < MLNetModelKey.HeaderSize; i++)
        {
            if (data[i] != 0) throw Bad($"reserved header byte 0x{i:X2} is 0x{data[i]:X2}, expected 0.");
        }

        if (bodyAt != MLNetModelKey.HeaderSize)
            throw Bad($"body offset is {bodyAt}, expected {MLNetModelKey.HeaderSize} (right after the header).");
        if (bodyLength < 0 || bodyLength > size - bodyAt)
            throw Bad($"body length {bodyLength} runs past the end of the {size}-byte stream (truncated or corrupt).");
        long cursor = bodyAt + bodyLength;

        if (tableAt == 0)
        {
            if (tableLength != 0 || charsAt != 0 || charsLength != 0)
                throw Bad($"no string table, but string table length {tableLength}, characters at {charsAt} length {charsLength} (expected all 0).");
        }
        else
        {
            if (tableAt != cursor)
                throw Bad($"string table offset is {tableAt}, expected {cursor} (right after the body).");
            if (tableLength <= 0 || tableLength % 8 != 0)
                throw Bad($"string table length {tableLength} is not a positive multiple of 8.");
            if (tableLength > size - tableAt)
                throw Bad($"string table ({tableLength} bytes at {tableAt}) runs past the end of the {size}-byte stream.");
            if (charsAt != tableAt + tableLength)
                throw Bad($"string characters offset is {charsAt}, expected {tableAt + tableLength} (right after the table).");
            if (charsLength < 0 || charsLength % 2 != 0)
                throw Bad($"string characters length {charsLength} is not a non-negative even number.");
            if (charsLength > size - charsAt)
                throw Bad($"string characters ({charsLength} bytes at {charsAt}) run past the end of the {size}-byte stream.");
            cursor = charsAt + charsLength;
        }

        bool hasAssemblyField = headerWritten >= MLNetModelKey.HeaderVersionWithAssemblyName;
        if (!hasAssemblyField && (assemblyAt != 0 || assemblyLength != 0))
            throw Bad($"assembly name fields are set (offset {assemblyAt}, length {assemblyLength}) in a header of version 0x{headerWritten:X8}, which has none.");
        if (hasAssemblyField && assemblyAt == 0 && assemblyLength != 0)
            throw Bad($"assembly name length is {assemblyLength} but its offset is 0.");
        if (assemblyAt != 0)
        {
            if (assemblyAt != cursor)
                throw Bad($"assembly name offset is {assemblyAt}, expected {cursor} (right after the strings or body).");
            if (assemblyLength % 2 != 0)
                throw Bad($"assembly name length {assemblyLength} is odd (UTF-16 needs 2 bytes a character).");
            if (assemblyLength > size - assemblyAt)
                throw Bad($"assembly name ({assemblyLength} bytes at {assemblyAt}) runs past the end of the {size}-byte stream.");
            cursor = assemblyAt + assemblyLength;
        }

        if (tailAt != cursor)
            throw Bad($"tail offset is {tailAt}, expected {cursor} (right after the last block).");
        if (limit != tailAt + 8)
            throw Bad($"end offset is {limit}, expected {tailAt + 8} (tail offset + 8).");
        if (limit > size)
            throw Bad($"the stream is {size} bytes but its header says {limit} (truncated).");
        if (limit < size)
            throw Bad($"{size - limit} bytes follow the tail signature (the stream should end at {limit}).");
        ulong tail = U64(data, (int)tailAt);
        if (tail != MLNetModelKey.TailSignature)
            throw Bad($"tail signature is 0x{tail:X16}, expected 0x{MLNetModelKey.TailSignature:X16} (corrupt model file tail).");

        string[] strings = ReadStrings(data, tableAt, tableLength, charsAt, charsLength, Bad);
        string? assemblyName = assemblyAt != 0 ? Utf16(data.Slice((int)assemblyAt, (int)assemblyLength)) : null;

        return new MLNetModelKey(U64(data, 0x40), U32(data, 0x48), U32(data, 0x4C),
            SignatureText(data.Slice(0x50, 24)), SignatureText(data.Slice(0x68, 24)), assemblyName,
            strings, data.Slice((int)bodyAt, (int)bodyLength).ToArray(), headerWritten, headerReadable);
    }

    private static string[] ReadStrings(ReadOnlySpan<byte> data, long tableAt, long tableLength, long charsAt,
        long charsLength, Func<string, ModelFormatException> bad)
    {
        if (tableAt == 0) return [];
        int count = (int)(tableLength / 8);
        var strings = new string[count];
        long previous = 0;
        for (int i = 0; i < count; i++)
        {
            long end = I64(data, (int)(tableAt + 8L * i));
            if (end < previous || end > charsLength || end % 2 != 0)
                throw bad($"string {i} of {count} ends at character byte {end}, expected an even offset between {previous} and {charsLength}.");
            strings[i] = Utf16(data.Slice((int)(charsAt + previous), (int)(end - previous)));
            previous = end;
        }
        if (previous != charsLength)
            throw bad($"the last string ends at character byte {previous}, but the characters are {charsLength} bytes.");
        return strings;
    }

    private static string SignatureText(ReadOnlySpan<byte> raw)
    {
        int length = raw.Length;
        while (length > 0 && raw[length - 1] == 0) length--;
        return string.Create(length, raw[..length].ToArray(), static (chars, bytes) =>
        {
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)bytes[i];
        });
    }

    private static string Utf16(ReadOnlySpan<byte> raw) =>
        string.Create(raw.Length / 2, raw.ToArray(), static (chars, bytes) =>
        {
            for (int i = 0; i < chars.Length; i++)
                chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i, 2));
        });

    private static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at, 4));

    private static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(at, 8));

    private static long I64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadInt64LittleEndian(s.Slice(at, 8));
}
