using System.Globalization;
using System.Security.Cryptography;
using Fer.Testing;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Codecs;

public sealed class PngDecoderTests
{
    public static TheoryData<string> Cases() =>
    [
        "c0_d1", "c0_d2", "c0_d4", "c0_d8", "c0_d16", "c2_d8", "c2_d16", "c3_d1", "c3_d2", "c3_d4", "c3_d8",
        "c4_d8", "c4_d16", "c6_d8", "c6_d16",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_EveryColourTypeAndDepth_MatchesPil(string name)
    {
        string reference = File.Exists(TestFiles.Path($"png/{name}.pgm")) ? $"png/{name}.pgm" : $"png/{name}.ppm";
        Image expected = TestFiles.ReadPnm(reference);
        Image.Load(TestFiles.Path($"png/{name}.png")).ShouldEqual(expected, name);
        Image.Load(TestFiles.Path($"png/{name}_i.png")).ShouldEqual(expected, name + " (Adam7)");
    }

    [Fact]
    public void Decode_PaletteWithTransparency_DropsAlpha()
    {
        Image.Load(TestFiles.Path("png/c3_d4_trns.png")).ShouldEqual(TestFiles.ReadPnm("png/c3_d4_trns.ppm"), "palette + tRNS");
    }

    [SkippableFact]
    public void Decode_FerPlusSample_MatchesPilDigests()
    {
        string folder = SharedData.Require("data/ferplus/FER2013Valid");
        string[] lines = [.. File.ReadAllLines(TestFiles.Path("png/ferplus-valid-sha256.txt")).Where(l => !l.StartsWith('#'))];
        lines.Should().HaveCountGreaterThan(20);
        foreach (string line in lines)
        {
            string[] f = line.Split(',');
            Image image = Image.Load(Path.Combine(folder, f[0]));
            image.Width.Should().Be(int.Parse(f[1], CultureInfo.InvariantCulture));
            image.Height.Should().Be(int.Parse(f[2], CultureInfo.InvariantCulture));
            image.Channels.Should().Be(1);
            Convert.ToHexStringLower(SHA256.HashData(image.Pixels)).Should().Be(f[3], f[0]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void EncodePng_RoundTrip_IsLossless(int channels)
    {
        var image = new Image(23, 17, channels);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = (byte)((i * 7919) ^ (i >> 3));
        byte[] png = image.EncodePng();
        Image decoded = Image.Decode(png);
        decoded.ShouldEqual(image, "round trip");
    }

    [Fact]
    public void Decode_BadCrc_ThrowsImageFormatException()
    {
        byte[] png = File.ReadAllBytes(TestFiles.Path("png/c2_d8.png"));
        png[20] ^= 1; // inside IHDR
        var act = () => Image.Decode(png);
        act.Should().Throw<ImageFormatException>().WithMessage("*CRC*IHDR*");
    }

    [Fact]
    public void Load_HugeHeader_RejectedBeforeAllocation()
    {
        byte[] png = new Image(4, 4, 1).EncodePng();
        // Rewrite IHDR to 60000x60000 and fix its CRC.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 60000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 60000);
        uint crc = Fer.Transforms.Imaging.Codecs.Png.PngCrc32.Compute(png.AsSpan(12, 17));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), crc);
        string path = Path.Combine(Path.GetTempPath(), $"fer-huge-{Environment.ProcessId}.png");
        File.WriteAllBytes(path, png);
        try
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var act = () => Image.Load(path);
            act.Should().Throw<ImageFormatException>().Which.Message.Should().Contain(path).And.Contain("60000x60000");
            (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
