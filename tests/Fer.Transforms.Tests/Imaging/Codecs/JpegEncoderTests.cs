using Fer.Testing;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Imaging.Codecs;

public sealed class JpegEncoderTests(ITestOutputHelper output)
{
    /// <summary>A smooth colour image with soft edges, like a photo at face scale.</summary>
    internal static Image Smooth(int w, int h, int channels)
    {
        var image = new Image(w, h, channels);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double r = Math.Sqrt((x - w * 0.4) * (x - w * 0.4) + (y - h * 0.5) * (y - h * 0.5));
                double face = 1 / (1 + Math.Exp((r - w * 0.3) / 3));
                int o = (y * w + x) * channels;
                image.Pixels[o] = (byte)(60 + 150 * face + 30 * Math.Sin(x * 0.1));
                if (channels == 3)
                {
                    image.Pixels[o + 1] = (byte)(40 + 120 * face + 40 * Math.Cos(y * 0.07));
                    image.Pixels[o + 2] = (byte)(90 + 60 * face + 50 * Math.Sin((x + y) * 0.05));
                }
            }
        }
        return image;
    }

    internal static double Psnr(Image a, Image b)
    {
        double se = 0;
        for (int i = 0; i < a.Pixels.Length; i++)
        {
            double d = a.Pixels[i] - b.Pixels[i];
            se += d * d;
        }
        double mse = se / a.Pixels.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    [Theory]
    [InlineData(1, JpegSubsampling.Yuv420)]
    [InlineData(3, JpegSubsampling.Yuv420)]
    [InlineData(3, JpegSubsampling.Yuv444)]
    public void EncodeJpeg_Quality90_RoundTripsAbove35Db(int channels, JpegSubsampling subsampling)
    {
        Image original = Smooth(101, 77, channels);
        byte[] jpeg = original.EncodeJpeg(90, subsampling);
        Image decoded = Image.Decode(jpeg);
        decoded.Channels.Should().Be(channels);
        double psnr = Psnr(original, decoded);
        output.WriteLine($"{channels} channels {subsampling}: {jpeg.Length} bytes, PSNR {psnr:F2} dB");
        psnr.Should().BeGreaterThan(35);
    }

    [SkippableFact]
    public void EncodeJpeg_RealPhoto_DjpegDecodesItLikeUs()
    {
        string photo = SharedData.Require("data/faceapi-examples/happy.jpg");
        Skip.If(Djpeg.Find("djpeg") is null, "djpeg (libjpeg-turbo-progs) is not on PATH.");
        Image original = Image.Load(photo);
        string dir = Directory.CreateTempSubdirectory("fer-jpegenc-").FullName;
        try
        {
            var files = new List<string>();
            var ours = new List<Image>();
            foreach ((Image image, JpegSubsampling s) in new[] { (original, JpegSubsampling.Yuv420), (original, JpegSubsampling.Yuv444), (original.ToGrey(), JpegSubsampling.Yuv420) })
            {
                byte[] jpeg = image.EncodeJpeg(90, s);
                string path = Path.Combine(dir, $"{files.Count}.jpg");
                File.WriteAllBytes(path, jpeg);
                files.Add(path);
                Image decoded = Image.Decode(jpeg);
                ours.Add(decoded);
                double psnr = Psnr(image, decoded);
                output.WriteLine($"{image} {s}: {jpeg.Length} bytes, PSNR {psnr:F2} dB");
                psnr.Should().BeGreaterThan(35);
            }
            Image?[] reference = Djpeg.DecodeAll(files, workers: 1);
            for (int i = 0; i < files.Count; i++)
                ours[i].ShouldEqual(reference[i] ?? throw new InvalidOperationException("djpeg rejected our JPEG"), $"file {i}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void EncodeJpeg_QualityOutOfRange_Throws()
    {
        var image = new Image(8, 8, 1);
        ((Action)(() => image.EncodeJpeg(0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => image.EncodeJpeg(101))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
