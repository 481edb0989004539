using Fer.Tensors.Random;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Operations;

public sealed class RandomResizedCropTests
{
    [Fact]
    public void SampleRegion_ManyDraws_RespectScaleRatioAndBounds()
    {
        var random = new Generator(1);
        for (int i = 0; i < 2000; i++)
        {
            var r = RandomResizedCrop.SampleRegion(200, 120, random, 0.2, 0.9, 0.5, 2.0);
            r.X.Should().BeGreaterThanOrEqualTo(0);
            r.Y.Should().BeGreaterThanOrEqualTo(0);
            r.Right.Should().BeLessThanOrEqualTo(200);
            r.Bottom.Should().BeLessThanOrEqualTo(120);
            double area = (double)r.Width * r.Height / (200 * 120);
            area.Should().BeInRange(0.17, 0.95);
            ((double)r.Width / r.Height).Should().BeInRange(0.45, 2.2);
        }
    }

    [Fact]
    public void SampleRegion_ImpossibleRatio_FallsBackToCentreCrop()
    {
        // A 100x10 strip cannot hold any crop with ratio <= 1.2 and area >= 50%: torchvision's fallback.
        var r = RandomResizedCrop.SampleRegion(100, 10, new Generator(2), 0.5, 1.0, 0.8, 1.2);
        r.Should().Be(new System.Drawing.Rectangle(44, 0, 12, 10));
    }

    [Fact]
    public void Apply_SameSeed_SameOutputOfRequestedSize()
    {
        Image image = Codecs.JpegEncoderTests.Smooth(60, 40, 3);
        Image a = RandomResizedCrop.Apply(image, 32, 32, new Generator(8));
        Image b = RandomResizedCrop.Apply(image, 32, 32, new Generator(8));
        (a.Width, a.Height).Should().Be((32, 32));
        a.ShouldEqual(b, "same seed");
    }
}
