using Fer.Testing;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Codecs;

public sealed class JpegDecoderTests
{
    private static (byte[] Jpeg, int Sof) Encoded(int channels)
    {
        byte[] jpeg = JpegEncoderTests.Smooth(24, 16, channels).EncodeJpeg(80, JpegSubsampling.Yuv444);
        return (jpeg, jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]));
    }

    [Fact]
    public void Decode_SamplingFactorThree_RejectedNamingTheFactors()
    {
        (byte[] jpeg, int sof) = Encoded(3);
        jpeg[sof + 11] = 0x31; // first component: H=3, V=1
        var act = () => Image.Decode(jpeg);
        act.Should().Throw<ImageFormatException>().WithMessage("*sampling factors 3x1*only factors 1 and 2*");
    }

    [Fact]
    public void Decode_TwelveBitPrecision_Rejected()
    {
        (byte[] jpeg, int sof) = Encoded(1);
        jpeg[sof + 4] = 12;
        var act = () => Image.Decode(jpeg);
        act.Should().Throw<ImageFormatException>().WithMessage("*12-bit*only 8-bit*");
    }

    [Fact]
    public void Decode_ArithmeticCoding_Rejected()
    {
        (byte[] jpeg, int sof) = Encoded(1);
        jpeg[sof + 1] = 0xC9;
        var act = () => Image.Decode(jpeg);
        act.Should().Throw<ImageFormatException>().WithMessage("*arithmetic*");
    }

    [Fact]
    public void Decode_FourComponents_Rejected()
    {
        (byte[] jpeg, int sof) = Encoded(3);
        jpeg[sof + 9] = 4;
        var act = () => Image.Decode(jpeg);
        act.Should().Throw<ImageFormatException>().WithMessage("*4 components*");
    }

    [Fact]
    public void Decode_MissingEoi_StillDecodesCompleteScan()
    {
        (byte[] jpeg, _) = Encoded(3);
        Image full = Image.Decode(jpeg);
        Image.Decode(jpeg.AsSpan(0, jpeg.Length - 2)).ShouldEqual(full, "without EOI");
    }

    [SkippableFact]
    public void Decode_ManyThreads_SameAsSequential()
    {
        string folder = SharedData.Require("data/lfw-expressions/images");
        byte[][] files = [.. Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(64).Select(File.ReadAllBytes)];
        Image[] sequential = [.. files.Select(f => Image.Decode(f))];
        var parallel = new Image[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Image.Decode(files[i]));
        for (int i = 0; i < files.Length; i++) parallel[i].ShouldEqual(sequential[i], $"file {i}");
    }
}
