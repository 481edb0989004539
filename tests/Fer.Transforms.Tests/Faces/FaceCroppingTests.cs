using System.Drawing;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Faces;

public sealed class FaceCroppingTests
{
    private static Image Numbered(int width, int height)
    {
        var image = new Image(width, height, 1);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = (byte)i;
        return image;
    }

    [Fact]
    public void PixelRegion_BoxPastTopLeft_ClipsAndFloorsAsFaceApi()
    {
        var image = new Image(100, 80, 3);

        Rectangle region = FaceCropping.PixelRegion(image, new RectangleF(-5.5f, 10.7f, 30.9f, 90f));

        // x: max(-5.5, 0) = 0, width min(25.4, 100) floored = 25; y 10.7 -> 10, height min(90, 69.3) -> 69.
        region.Should().Be(new Rectangle(0, 10, 25, 69));
    }

    [Fact]
    public void PixelRegion_BoxOutside_Throws()
    {
        var act = () => FaceCropping.PixelRegion(new Image(10, 10, 1), new RectangleF(12, 0, 5, 5));

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("10x10");
    }

    [Fact]
    public void CropFace_Margin_GrowsEachSideByFractionOfSize()
    {
        Image image = Numbered(40, 30);

        Image crop = FaceCropping.CropFace(image, new RectangleF(10, 10, 10, 10), margin: 0.2f);

        (crop.Width, crop.Height).Should().Be((14, 14));
        crop[0, 0, 0].Should().Be(image[8, 8, 0]);
        crop[13, 13, 0].Should().Be(image[21, 21, 0]);
    }

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    public void Expand_BadMargin_Throws(float margin)
    {
        var act = () => FaceCropping.Expand(new RectangleF(0, 0, 10, 10), margin);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("margin");
    }

    [Fact]
    public void DrawBoxes_GreyImage_OutlinesInColourAndLeavesInside()
    {
        var image = new Image(20, 20, 1);
        image.Pixels.AsSpan().Fill(9);

        Image drawn = FaceDrawing.DrawBoxes(image, [new RectangleF(2, 3, 10, 8)], Color.FromArgb(255, 10, 20), thickness: 2);

        drawn.Channels.Should().Be(3);
        (drawn[2, 3, 0], drawn[2, 3, 1], drawn[2, 3, 2]).Should().Be(((byte)255, (byte)10, (byte)20), "top-left corner");
        drawn[11, 10, 0].Should().Be(255, "bottom-right corner, inside the box's edge");
        drawn[3, 4, 0].Should().Be(255, "second ring");
        drawn[4, 5, 0].Should().Be(9, "inside the outline");
        drawn[12, 11, 0].Should().Be(9, "outside the box");
        image.Pixels.Should().OnlyContain(v => v == 9, "the input is not changed");
    }

    [Fact]
    public void DrawPoints_PointNearBorder_IsClipped()
    {
        Image drawn = FaceDrawing.DrawPoints(new Image(5, 5, 3), [new PointF(0, 0)], Color.White, size: 3);

        drawn[0, 0, 0].Should().Be(255);
        drawn[1, 1, 0].Should().Be(255);
        drawn[2, 2, 0].Should().Be(0);
    }
}
