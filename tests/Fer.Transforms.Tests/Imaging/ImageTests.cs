using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging;

public sealed class ImageTests
{
    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        ((Action)(() => _ = new Image(0, 3, 1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new Image(3, 3, 2))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*1 (grey) or 3 (RGB)*");
        ((Action)(() => _ = new Image(3, 3, 1, new byte[8]))).Should().Throw<ArgumentException>().WithMessage("*needs 9*");
    }

    [Fact]
    public void IndexerAndRows_AddressHwcLayout()
    {
        var image = new Image(2, 2, 3, [.. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        image[1, 0, 2].Should().Be(5);
        image[0, 1, 1].Should().Be(7);
        image.GetRow(1).ToArray().Should().Equal(6, 7, 8, 9, 10, 11);
        image.Stride.Should().Be(6);
        ((Action)(() => _ = image[2, 0, 0])).Should().Throw<ArgumentOutOfRangeException>();
        Image copy = image.Clone();
        copy.Pixels[0] = 99;
        image.Pixels[0].Should().Be(0);
    }

    [Fact]
    public void Load_FileOverMaxFileBytes_RejectedNamingFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fer-big-{Environment.ProcessId}.png");
        File.WriteAllBytes(path, new Image(64, 64, 3).EncodePng());
        try
        {
            var act = () => Image.Load(path, new DecodeOptions { MaxFileBytes = 10 });
            act.Should().Throw<ImageFormatException>().WithMessage($"{path}*MaxFileBytes*");
            ((Action)(() => Image.Load(path, new DecodeOptions { MaxPixels = 0 }))).Should().Throw<ArgumentOutOfRangeException>();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SavePngAndJpeg_WriteFilesThatLoadBack()
    {
        Image image = Codecs.JpegEncoderTests.Smooth(30, 20, 3);
        string png = Path.Combine(Path.GetTempPath(), $"fer-save-{Environment.ProcessId}.png");
        string jpg = Path.ChangeExtension(png, ".jpg");
        try
        {
            image.SavePng(png);
            image.SaveJpeg(jpg, 95, JpegSubsampling.Yuv444);
            Image.Load(png).ShouldEqual(image, "PNG");
            Codecs.JpegEncoderTests.Psnr(image, Image.Load(jpg)).Should().BeGreaterThan(40);
        }
        finally
        {
            File.Delete(png);
            File.Delete(jpg);
        }
    }
}
