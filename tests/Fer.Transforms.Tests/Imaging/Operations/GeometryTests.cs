using System.Drawing;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Operations;

public sealed class GeometryTests
{
    private static Image Numbered(int w, int h, int c)
    {
        var image = new Image(w, h, c);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = (byte)(i * 7 % 256);
        return image;
    }

    [Fact]
    public void Crop_InsideRegion_CopiesExactPixels()
    {
        Image image = Numbered(6, 5, 3);
        Image crop = image.Crop(2, 1, 3, 2);
        crop.Width.Should().Be(3);
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 3; x++)
                for (int c = 0; c < 3; c++)
                    crop[x, y, c].Should().Be(image[x + 2, y + 1, c]);
    }

    [Fact]
    public void Crop_OutsideWithoutClamp_ThrowsAndWithClampClips()
    {
        Image image = Numbered(6, 5, 1);
        ((Action)(() => image.Crop(4, 3, 4, 4))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*clamp*");
        Image clipped = image.Crop(new Rectangle(4, 3, 4, 4), clamp: true);
        (clipped.Width, clipped.Height).Should().Be((2, 2));
        clipped[1, 1, 0].Should().Be(image[5, 4, 0]);
        ((Action)(() => image.Crop(10, 10, 2, 2, clamp: true))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void PadAndPadToSquare_PlaceImageAndFillBorders()
    {
        Image image = Numbered(4, 2, 3);
        Image padded = image.Pad(1, 2, 3, 0, [10, 20, 30]);
        (padded.Width, padded.Height).Should().Be((8, 4));
        padded[0, 0, 1].Should().Be(20);
        padded[1, 2, 2].Should().Be(image[0, 0, 2]);
        padded[7, 3, 0].Should().Be(10);

        Image square = Numbered(5, 2, 1).PadToSquare(255);
        (square.Width, square.Height).Should().Be((5, 5));
        square[0, 0, 0].Should().Be(255);
        square[0, 1, 0].Should().Be(Numbered(5, 2, 1)[0, 0, 0]); // offset (5-2)/2 = 1 on top
        square[0, 3, 0].Should().Be(255);
    }

    [Fact]
    public void Flips_AndQuarterTurns_AreExact()
    {
        Image image = Numbered(5, 3, 3);
        Image h = image.FlipHorizontal(), v = image.FlipVertical(), r90 = image.Rotate90(), r270 = image.Rotate270();
        Image t = image.Transpose(), tv = image.Transverse(), r180 = image.Rotate180();
        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 5; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    byte p = image[x, y, c];
                    h[4 - x, y, c].Should().Be(p);
                    v[x, 2 - y, c].Should().Be(p);
                    r180[4 - x, 2 - y, c].Should().Be(p);
                    r90[2 - y, x, c].Should().Be(p);   // clockwise: the left column becomes the top row
                    r270[y, 4 - x, c].Should().Be(p);
                    t[y, x, c].Should().Be(p);
                    tv[2 - y, 4 - x, c].Should().Be(p);
                }
            }
        }
        image.Rotate90().Rotate270().ShouldEqual(image, "90 then 270");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void Rotate_NinetyDegrees_EqualsExactQuarterTurn(int size)
    {
        Image image = Numbered(size, size, 3);
        image.Rotate(90).ShouldEqual(image.Rotate270(), "counter-clockwise 90");
        image.Rotate(-90).ShouldEqual(image.Rotate90(), "clockwise 90");
        image.Rotate(180).ShouldEqual(image.Rotate180(), "180");
        image.Rotate(0).ShouldEqual(image, "0");
    }

    [Fact]
    public void WarpAffine_TranslationByHalfPixel_AveragesNeighboursAndBlendsBorder()
    {
        var image = new Image(3, 1, 1, [0, 100, 200]);
        Image shifted = image.WarpAffine(AffineMatrix.Translation(0.5, 0), 3, 1, fill: 50);
        // Output x samples source x - 0.5: (-0.5 -> blend of border 50 and 0), 0.5, 1.5.
        shifted.Pixels.Should().Equal(25, 50, 150);
        Image outside = image.WarpAffine(AffineMatrix.Translation(10, 0), 3, 1, fill: 9);
        outside.Pixels.Should().Equal(9, 9, 9);
    }

    [Fact]
    public void AffineMatrix_ComposeAndInvert_RoundTrip()
    {
        AffineMatrix m = AffineMatrix.Compose(AffineMatrix.Rotation(30, 4, 5), AffineMatrix.Scale(2, 3));
        AffineMatrix id = AffineMatrix.Compose(m, m.Invert());
        (double x, double y) = id.Transform(7, -2);
        x.Should().BeApproximately(7, 1e-12);
        y.Should().BeApproximately(-2, 1e-12);
        (double rx, double ry) = AffineMatrix.Rotation(90, 0, 0).Transform(1, 0);
        rx.Should().BeApproximately(0, 1e-12);
        ry.Should().BeApproximately(-1, 1e-12); // counter-clockwise on screen: right goes up
        ((Action)(() => AffineMatrix.Scale(0, 1).Invert())).Should().Throw<InvalidOperationException>();
    }
}
