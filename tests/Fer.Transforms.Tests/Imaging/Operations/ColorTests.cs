using Fer.Tensors.Random;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Operations;

public sealed class ColorTests
{
    [Fact]
    public void ToGrey_RandomRgb_MatchesPilConvertL()
    {
        Image rgb = TestFiles.ReadPnm("grey/rgb.ppm");
        rgb.ToGrey().ShouldEqual(TestFiles.ReadPnm("grey/pil-l.pgm"), "PIL convert('L')");
    }

    [Fact]
    public void ToGrey_AllColours_RoundBt601Luma()
    {
        for (int r = 0; r < 256; r += 5)
            for (int g = 0; g < 256; g += 3)
                for (int b = 0; b < 256; b += 7)
                {
                    var image = new Image(1, 1, 3, [(byte)r, (byte)g, (byte)b]);
                    double luma = 0.299 * r + 0.587 * g + 0.114 * b;
                    ((double)image.ToGrey().Pixels[0]).Should().BeApproximately(luma, 0.51); // PIL's 16-bit constants shift the rounding point by up to 0.01
                }
    }

    [Fact]
    public void ToRgb_Grey_ReplicatesChannels()
    {
        new Image(2, 1, 1, [3, 200]).ToRgb().Pixels.Should().Equal(3, 3, 3, 200, 200, 200);
    }

    [Fact]
    public void Adjustments_KnownFactors_GiveBlendedValues()
    {
        var image = new Image(2, 1, 3, [100, 50, 0, 200, 250, 10]);
        image.AdjustBrightness(1.5).Pixels.Should().Equal(150, 75, 0, 255, 255, 15);
        image.AdjustSaturation(0).Pixels.Should().Equal(Enumerable.Repeat(image.ToGrey().Pixels[0], 3).Concat(Enumerable.Repeat(image.ToGrey().Pixels[1], 3)));
        image.AdjustSaturation(1).ShouldEqual(image, "factor 1");
        double mean = (image.ToGrey().Pixels[0] + image.ToGrey().Pixels[1]) / 2.0;
        Image flat = image.AdjustContrast(0);
        flat.Pixels.Should().OnlyContain(v => v == (byte)Math.Round(mean, MidpointRounding.AwayFromZero));
        ((Action)(() => image.AdjustBrightness(-1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ColorJitter_SameSeed_SameResultAndChangesImage()
    {
        Image image = Codecs.JpegEncoderTests.Smooth(20, 20, 3);
        Image a = image.ColorJitter(new Generator(4), 0.4, 0.4, 0.4);
        Image b = image.ColorJitter(new Generator(4), 0.4, 0.4, 0.4);
        a.ShouldEqual(b, "same seed");
        a.Pixels.Should().NotEqual(image.Pixels);
        image.ColorJitter(new Generator(4)).ShouldEqual(image, "zero strengths");
    }
}
