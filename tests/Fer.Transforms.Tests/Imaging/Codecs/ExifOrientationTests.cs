using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Codecs;

public sealed class ExifOrientationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Load_ExifOrientation_MatchesPilExifTranspose(int orientation)
    {
        Image upright = Image.Load(TestFiles.Path($"exif/orientation-{orientation}.jpg"));
        upright.ShouldEqual(TestFiles.ReadPnm($"exif/orientation-{orientation}.ppm"), $"orientation {orientation}");
        Image stored = Image.Load(TestFiles.Path($"exif/orientation-{orientation}.jpg"), new DecodeOptions { ApplyExifOrientation = false });
        (stored.Width, stored.Height).Should().Be((12, 6));
    }
}
