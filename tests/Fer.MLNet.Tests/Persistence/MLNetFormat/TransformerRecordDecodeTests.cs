using Fer.MLNet.Persistence;
using Fer.MLNet.Persistence.MLNetFormat;
using Fer.MLNet.Persistence.MLNetFormat.Transformers;

namespace Fer.MLNet.Tests.Persistence.MLNetFormat;

/// <summary>Typed decoders on crafted bodies: bad values, unconsumed or truncated bodies, versions.</summary>
public sealed class TransformerRecordDecodeTests
{
    private const string Asm = "A";

    private static byte[] Le(params object[] fields)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        foreach (object f in fields)
        {
            switch (f)
            {
                case int i: w.Write(i); break;
                case byte b: w.Write(b); break;
                case float x: w.Write(x); break;
                default: throw new ArgumentException(f.GetType().Name);
            }
        }
        w.Flush();
        return ms.ToArray();
    }

    private static MLNetModelKey Resizer(byte[] body, uint written = 0x00010003) =>
        new("IMGSCALF", written, 0x00010003, "ImageScalerTransform", null, Asm, ["Out", "In"], body);

    private static MLNetModelKey Pixels(byte[] body, uint written = 0x00010003) =>
        new("IMGPXEXT", written, 0x00010002, "ImagePixelExtractor", null, Asm, ["Out", "In"], body);

    private static MLNetModelKey Onnx(byte[] body, uint written = 0x00010003) =>
        new("ONNXSCOR", written, Math.Min(written, 0x00010003), "OnnxTransform", null, Asm, ["in", "out"], body);

    private static string DecodeError(Action decode)
    {
        ModelFormatException ex = decode.Should().Throw<ModelFormatException>().Which;
        ex.FileName.Should().Be("f.zip");
        ex.EntryName.Should().Be("T/Model.key");
        return ex.Message;
    }

    [Theory]
    [InlineData(0, 48, 1, 4, "column 0 width is 0, expected > 0")]
    [InlineData(48, -3, 1, 4, "column 0 height is -3")]
    [InlineData(48, 48, 3, 4, "column 0 resizing kind is 3")]
    [InlineData(48, 48, 1, 5, "column 0 anchor is 5")]
    public void ResizerDecode_InvalidValue_ThrowsNamingField(int width, int height, int kind, int anchor, string expected)
    {
        MLNetModelKey key = Resizer(Le(1, 0, 1, width, height, (byte)kind, (byte)anchor));

        DecodeError(() => ImageResizingTransformerRecord.Decode(key, "f.zip", "T/Model.key")).Should().Contain(expected);
    }

    [Fact]
    public void Decode_BodyNotConsumed_Throws()
    {
        MLNetModelKey key = Resizer(Le(1, 0, 1, 48, 48, (byte)1, (byte)4, (byte)0));

        DecodeError(() => ImageResizingTransformerRecord.Decode(key, "f.zip", "T/Model.key")).Should().Contain("1 bytes left unread");
    }

    [Fact]
    public void Decode_BodyTruncated_Throws()
    {
        MLNetModelKey key = Resizer(Le(1, 0, 1, 48));

        DecodeError(() => ImageResizingTransformerRecord.Decode(key, "f.zip", "T/Model.key")).Should().Contain("truncated reading column 0 height");
    }

    [Theory]
    [InlineData(1, 2, "column 0 input name string id 2 is outside the table of 2 strings")]
    [InlineData(-1, 1, "string id -1 is outside")]
    public void Decode_StringIdOutOfRange_Throws(int outputId, int inputId, string expected)
    {
        MLNetModelKey key = Resizer(Le(1, outputId, inputId, 48, 48, (byte)1, (byte)4));

        DecodeError(() => ImageResizingTransformerRecord.Decode(key, "f.zip", "T/Model.key")).Should().Contain(expected);
    }

    [Fact]
    public void Decode_HugeColumnCount_ThrowsWithoutAllocating()
    {
        MLNetModelKey key = Resizer(Le(int.MaxValue, 0, 1));

        DecodeError(() => ImageResizingTransformerRecord.Decode(key, "f.zip", "T/Model.key")).Should().Contain("column count is 2147483647, but only 8 bytes remain");
    }

    [Fact]
    public void Decode_NewerVersionOrOtherSignature_Throws()
    {
        MLNetModelKey newer = new("IMGSCALF", 0x00010004, 0x00010004, "ImageScalerTransform", null, Asm, ["Out", "In"], Le(1, 0, 1, 48, 48, (byte)1, (byte)4));
        MLNetModelKey other = new("IMGSCALX", 0x00010003, 0x00010003, "ImageScalerTransform", null, Asm, ["Out", "In"], []);

        DecodeError(() => ImageResizingTransformerRecord.Decode(newer, "f.zip", "T/Model.key")).Should().Contain("model too new");
        DecodeError(() => ImageResizingTransformerRecord.Decode(other, "f.zip", "T/Model.key")).Should().Contain("model signature is 'IMGSCALX'");
    }

    [Theory]
    [InlineData(0x10, 1, 1, 0f, 1f, 0, "colour bits are 0x10")]
    [InlineData(0x0E, 0, 1, 0f, 1f, 0, "colour order is 0")]
    [InlineData(0x0E, 1, 2, 0f, 1f, 0, "as-float flag is 2")]
    [InlineData(0x0E, 1, 1, 0f, 0f, 0, "scale is 0")]
    [InlineData(0x0E, 1, 1, float.NaN, 1f, 0, "offset is NaN")]
    [InlineData(0x0E, 1, 0, 5f, 1f, 0, "offset and scale are 5 and 1 with byte output")]
    [InlineData(0x0E, 1, 1, 0f, 1f, 7, "interleave flag is 7")]
    public void PixelDecode_InvalidValue_ThrowsNamingField(int colors, int order, int asFloat, float offset, float scale, int interleave, string expected)
    {
        MLNetModelKey key = Pixels(Le(1, 0, 1, (byte)colors, (byte)order, (byte)asFloat, offset, scale, (byte)interleave));

        DecodeError(() => ImagePixelExtractingTransformerRecord.Decode(key, "f.zip", "T/Model.key")).Should().Contain(expected);
    }

    [Fact]
    public void PixelDecode_Version0x10002WithoutOrderByte_MeansArgb()
    {
        MLNetModelKey key = Pixels(Le(1, 0, 1, (byte)0x0F, (byte)1, 0f, 0.5f, (byte)1), written: 0x00010002);

        PixelExtractingColumn c = ImagePixelExtractingTransformerRecord.Decode(key).Columns.Single();

        c.Should().Be(new PixelExtractingColumn("Out", "In", MLNetColorBits.All, MLNetColorsOrder.Argb, true, 0f, 0.5f, true));
        c.Planes.Should().Be(4);
    }

    [Fact]
    public void OnnxDecode_Version0x10001_SingleInputOutputAndDefaultRecursionLimit()
    {
        MLNetModelKey key = Onnx(Le(0, 1, 0), written: 0x00010001);

        OnnxTransformerRecord r = OnnxTransformerRecord.Decode(key, [3, 0, 0, 0, 7, 8, 9]);

        r.InputColumns.Should().Equal("in");
        r.OutputColumns.Should().Equal("out");
        r.RecursionLimit.Should().Be(100);
        r.OnnxModel.ToArray().Should().Equal(7, 8, 9);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0 }, "too short for its int32 length prefix")]
    [InlineData(new byte[] { 5, 0, 0, 0, 1, 2 }, "length prefix is 5, but 2 model bytes follow it")]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "length prefix is 0")]
    public void OnnxDecode_BadOnnxModelEntry_ThrowsNamingTheEntry(byte[] entry, string expected)
    {
        MLNetModelKey key = Onnx(Le(1, 0, 1, 1, 0, 100));

        Action decode = () => OnnxTransformerRecord.Decode(key, entry, "f.zip", "T/Model.key");

        ModelFormatException ex = decode.Should().Throw<ModelFormatException>().Which;
        ex.EntryName.Should().Be("T/OnnxModel");
        ex.Message.Should().Contain(expected);
    }

    [Fact]
    public void OnnxDecode_BadCountsOrLimit_Throw()
    {
        DecodeError(() => OnnxTransformerRecord.Decode(Onnx(Le(0, 1, 1, 0, 100)), [1, 0, 0, 0, 1], "f.zip", "T/Model.key"))
            .Should().Contain("input count is 0");
        DecodeError(() => OnnxTransformerRecord.Decode(Onnx(Le(1, 0, 1, 1, 0, -5)), [1, 0, 0, 0, 1], "f.zip", "T/Model.key"))
            .Should().Contain("recursion limit is -5");
        DecodeError(() => OnnxTransformerRecord.Decode(Onnx(Le(1, 0, 1, 1, 1, 0, 1000, 1)), [1, 0, 0, 0, 1], "f.zip", "T/Model.key"))
            .Should().Contain("custom shape 0 dimensions length is 1000");
    }

    [Fact]
    public void LoaderDecode_ImageTypeFlagFalse_RoundTrips()
    {
        var record = new ImageLoadingTransformerRecord([new MLNetColumnPair("Bytes", "Path")], null, outputImageType: false);

        ImageLoadingTransformerRecord back = ImageLoadingTransformerRecord.Decode(MLNetModelKey.Parse(record.ToModelKey().ToBytes()));

        back.OutputImageType.Should().BeFalse();
        back.ImageFolder.Should().BeNull();
        record.ToModelKey().Body.ToArray().Should().Equal(Le(1, 0, 1, -1, (byte)0));
    }

    [Fact]
    public void Constructors_InvalidSettings_Throw()
    {
        Func<object> noColour = () => new PixelExtractingColumn("o", "i", MLNetColorBits.None);
        Func<object> byteWithScale = () => new PixelExtractingColumn("o", "i", outputAsFloat: false, scale: 2f);
        Func<object> zeroWidth = () => new ImageResizingColumn("o", "i", 0, 10);
        Func<object> duplicateOutput = () => new ImageLoadingTransformerRecord([new("o", "a"), new("o", "b")]);
        Func<object> noColumns = () => new ImageResizingTransformerRecord([]);
        Func<object> noInputs = () => new OnnxTransformerRecord([], ["y"], [1]);
        Func<object> emptyModel = () => new OnnxTransformerRecord(["x"], ["y"], []);

        noColour.Should().Throw<ArgumentOutOfRangeException>();
        byteWithScale.Should().Throw<ArgumentException>().WithMessage("*byte output*");
        zeroWidth.Should().Throw<ArgumentOutOfRangeException>();
        duplicateOutput.Should().Throw<ArgumentException>().WithMessage("*more than once*");
        noColumns.Should().Throw<ArgumentException>().WithMessage("*at least one column*");
        noInputs.Should().Throw<ArgumentException>();
        emptyModel.Should().Throw<ArgumentException>().WithMessage("*empty*");
    }
}
