using System.Buffers.Binary;
using System.Text;
using Fer.MLNet.Persistence;
using Fer.MLNet.Persistence.MLNetFormat;

namespace Fer.MLNet.Tests.Persistence.MLNetFormat;

public sealed class MLNetModelKeyTests
{
    private static readonly byte[] Body = [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0xAB];

    private static MLNetModelKey Sample(string? assembly = "Asm, Version=1.0.0.0") =>
        new("IMGSCALF", 0x00010003, 0x00010003, "ImageScalerTransform", null, assembly, ["Out", "In"], Body);

    private static ModelFormatException Rejects(byte[] bytes)
    {
        Action parse = () => MLNetModelKey.Parse(bytes, "m.zip", "X/Model.key");
        ModelFormatException ex = parse.Should().Throw<ModelFormatException>().Which;
        ex.FileName.Should().Be("m.zip");
        ex.EntryName.Should().Be("X/Model.key");
        return ex;
    }

    private static byte[] With(byte[] bytes, int offset, long value)
    {
        byte[] copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt64LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    [Fact]
    public void ToBytes_Sample_HasTheDocumentedLayout()
    {
        byte[] b = Sample().ToBytes();

        // Header, 13 body bytes, 2 string ends, "OutIn" in UTF-16, assembly name, tail.
        int charsAt = 256 + 13 + 16, assemblyAt = charsAt + 10, tailAt = assemblyAt + 2 * "Asm, Version=1.0.0.0".Length;
        b.Length.Should().Be(tailAt + 8);
        BinaryPrimitives.ReadUInt64LittleEndian(b).Should().Be(0x4C45444F4D004C4DUL);
        BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(0x08)).Should().Be(0x00010002u);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x10)).Should().Be(256);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x18)).Should().Be(13);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x20)).Should().Be(256 + 13);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x28)).Should().Be(16);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x30)).Should().Be(charsAt);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x38)).Should().Be(10);
        Encoding.ASCII.GetString(b, 0x40, 8).Should().Be("IMGSCALF");
        Encoding.ASCII.GetString(b, 0x50, 24).TrimEnd('\0').Should().Be("ImageScalerTransform");
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(256 + 13)).Should().Be(6, "'Out' ends at byte 6");
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(256 + 21)).Should().Be(10);
        Encoding.Unicode.GetString(b, charsAt, 10).Should().Be("OutIn");
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x90)).Should().Be(assemblyAt);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x80)).Should().Be(tailAt);
        BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(0x88)).Should().Be(tailAt + 8);
        BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(tailAt)).Should().Be(0x4D4C004D4F44454CUL);
        b.AsSpan(0x9C, 256 - 0x9C).ToArray().Should().OnlyContain(x => x == 0);
    }

    [Fact]
    public void Parse_OwnOutput_RoundTripsEveryField()
    {
        MLNetModelKey key = MLNetModelKey.Parse(Sample().ToBytes());

        key.ModelSignature.Should().Be("IMGSCALF");
        key.LoaderSignature.Should().Be("ImageScalerTransform");
        key.LoaderSignatureAlt.Should().BeNull();
        key.AssemblyName.Should().Be("Asm, Version=1.0.0.0");
        key.Strings.Should().Equal("Out", "In");
        key.Body.ToArray().Should().Equal(Body);
        key.ToBytes().Should().Equal(Sample().ToBytes());
    }

    [Fact]
    public void ModelSignature_WithSpace_StoredAsZero()
    {
        var key = new MLNetModelKey("XF CHAIN", 0x00010001, 0x00010001, "TransformerChain", null, null, null, []);

        key.ModelSignatureValue.Should().Be(0x4E49414843004658UL);
        MLNetModelKey.Parse(key.ToBytes()).ModelSignature.Should().Be("XF CHAIN");
    }

    [Fact]
    public void Parse_NoStringsNoAssembly_OldHeaderVersionRoundTrips()
    {
        var key = new MLNetModelKey("PLATTCAL", 0x00010001, 0x00010001, "PlattCaliExec", null, null, null, new byte[16],
            headerVersionWritten: 0x00010001, headerVersionReadable: 0x00010001);
        byte[] bytes = key.ToBytes();

        bytes.Length.Should().Be(256 + 16 + 8);
        MLNetModelKey.Parse(bytes).HeaderVersionWritten.Should().Be(0x00010001u);
    }

    [Fact]
    public void Parse_BadSignature_Throws() =>
        Rejects(With(Sample().ToBytes(), 0, 0x1234)).Message.Should().Contain("header signature").And.Contain("not an ML.NET model stream");

    [Fact]
    public void Parse_BadTail_Throws()
    {
        byte[] bytes = Sample().ToBytes();
        bytes[^1] ^= 0xFF;

        Rejects(bytes).Message.Should().Contain("tail signature").And.Contain("corrupt model file tail");
    }

    [Fact]
    public void Parse_Truncated_Throws()
    {
        byte[] bytes = Sample().ToBytes();

        Rejects(bytes[..100]).Message.Should().Contain("shorter than the 256-byte header");
        Rejects(bytes[..^4]).Message.Should().MatchRegex("runs past the end|truncated");
    }

    [Fact]
    public void Parse_TrailingBytes_Throws() =>
        Rejects([.. Sample().ToBytes(), 0]).Message.Should().Contain("1 bytes follow the tail");

    [Theory]
    [InlineData(0x10, 255L, "body offset is 255")]
    [InlineData(0x18, 1L << 40, "body length")]
    [InlineData(0x18, -1L, "body length -1")]
    [InlineData(0x20, 300L, "string table offset is 300")]
    [InlineData(0x28, 12L, "not a positive multiple of 8")]
    [InlineData(0x30, 0L, "string characters offset is 0")]
    [InlineData(0x38, 11L, "not a non-negative even number")]
    [InlineData(0x80, 7L, "tail offset is 7")]
    [InlineData(0x88, 9L, "end offset is 9")]
    [InlineData(0x90, 2L, "assembly name offset is 2")]
    public void Parse_OffsetOrLengthOutOfPlace_ThrowsNamingTheField(int field, long value, string expected) =>
        Rejects(With(Sample().ToBytes(), field, value)).Message.Should().Contain(expected);

    [Fact]
    public void Parse_StringEndsOutOfOrder_Throws()
    {
        byte[] bytes = Sample().ToBytes();

        Rejects(With(bytes, 256 + 13, 12)).Message.Should().Contain("string 0 of 2 ends at character byte 12, expected an even offset between 0 and 10");
        Rejects(With(With(bytes, 256 + 13, 8), 256 + 21, 6)).Message.Should().Contain("string 1 of 2 ends at character byte 6, expected an even offset between 8 and 10");
        Rejects(With(bytes, 256 + 13, 5)).Message.Should().Contain("string 0 of 2 ends at character byte 5");
        Rejects(With(bytes, 256 + 13 + 8, 8)).Message.Should().Contain("the last string ends at character byte 8");
    }

    [Fact]
    public void Parse_HeaderVersionTooNewOrTooOld_Throws()
    {
        byte[] bytes = Sample().ToBytes();
        byte[] tooNew = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(tooNew.AsSpan(0x08), 0x00010003);
        BinaryPrimitives.WriteUInt32LittleEndian(tooNew.AsSpan(0x0C), 0x00010003);
        byte[] tooOld = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(tooOld.AsSpan(0x08), 0x00010000);
        BinaryPrimitives.WriteUInt32LittleEndian(tooOld.AsSpan(0x0C), 0x00010000);

        Rejects(tooNew).Message.Should().Contain("too new");
        Rejects(tooOld).Message.Should().Contain("too old");
    }

    [Fact]
    public void Parse_AssemblyFieldsInOldHeader_Throws()
    {
        byte[] bytes = Sample().ToBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x08), 0x00010001);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x0C), 0x00010001);

        Rejects(bytes).Message.Should().Contain("assembly name fields are set");
    }

    [Fact]
    public void Parse_ReservedByteSet_Throws()
    {
        byte[] bytes = Sample().ToBytes();
        bytes[0xF0] = 1;

        Rejects(bytes).Message.Should().Contain("reserved header byte 0xF0");
    }

    [Fact]
    public void Parse_EveryBitFlip_ThrowsTypedOrReencodesTheFlippedBytes()
    {
        byte[] original = Sample().ToBytes();
        int typed = 0, accepted = 0;
        for (int i = 0; i < original.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                byte[] flipped = (byte[])original.Clone();
                flipped[i] ^= (byte)(1 << bit);
                try
                {
                    MLNetModelKey key = MLNetModelKey.Parse(flipped);
                    key.ToBytes().Should().Equal(flipped, "anything accepted re-encodes exactly (flip at byte {0})", i);
                    accepted++;
                }
                catch (ModelFormatException)
                {
                    typed++;
                }
            }
        }
        typed.Should().BeGreaterThan(8 * 0x100 / 2, "header offsets, lengths, signatures and the tail are all checked");
        accepted.Should().BeGreaterThan(0, "flips in body, string characters and version fields stay valid");
    }

    [Fact]
    public void Constructor_UnencodableFields_Throw()
    {
        Func<MLNetModelKey> longLoader = () => new MLNetModelKey("ABCDEFGH", 1, 1, new string('x', 25), null, null, null, []);
        Func<MLNetModelKey> shortSignature = () => new MLNetModelKey("ABC", 1, 1, "L", null, null, null, []);
        Func<MLNetModelKey> wideChar = () => new MLNetModelKey("ABCDEFGH", 1, 1, "L\u0100", null, null, null, []);
        Func<MLNetModelKey> assemblyInOldHeader = () => new MLNetModelKey("ABCDEFGH", 1, 1, "L", null, "A", null, [], 0x00010001, 0x00010001);

        longLoader.Should().Throw<ArgumentException>().WithMessage("*24*");
        shortSignature.Should().Throw<ArgumentException>().WithMessage("*8 characters*");
        wideChar.Should().Throw<ArgumentException>().WithMessage("*U+00FF*");
        assemblyInOldHeader.Should().Throw<ArgumentException>().WithMessage("*cannot hold an assembly name*");
    }
}
