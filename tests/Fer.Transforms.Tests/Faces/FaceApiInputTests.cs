using System.Drawing;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Faces;

public sealed class FaceApiInputTests
{
    [Theory]
    [InlineData(10, 4, false, 0, 0, 10)]
    [InlineData(10, 4, true, 0, 3, 10)] // 6 rows of padding: 3 above, round(3) below
    [InlineData(4, 9, true, 2, 0, 9)]   // 5 columns: round(2.5) = 3 after, 2 before
    [InlineData(7, 7, true, 0, 0, 7)]
    public void Place_AsFaceApiPadToSquare(int w, int h, bool centre, int dx, int dy, int side)
    {
        FaceApiInput.Place(w, h, centre).Should().Be(new FaceApiInput.Placement(dx, dy, side));
    }

    [Fact]
    public void ToBatch_SquareImageOfInputSize_IsNormalisedPixels()
    {
        var image = new Image(2, 2, 3, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);

        float[] x = FaceApiInput.ToBatch([image], 2, centre: true, [1, 2, 3]).ToArray();

        // Planar [3, 2, 2]: red plane 0, 30, 60, 90 minus 1, over 255.
        x.Should().Equal([-1 / 255f, 29 / 255f, 59 / 255f, 89 / 255f, 8 / 255f, 38 / 255f, 68 / 255f, 98 / 255f, 17 / 255f, 47 / 255f, 77 / 255f, 107 / 255f]);
    }

    [Fact]
    public void ToBatch_WideGreyImage_PadsBelowAndResizesLikeTensorFlow()
    {
        // 4x2 grey, padded at the bottom to 4x4 (detector), resized to 3x3: source = destination * 4/3, no half-pixel shift.
        var image = new Image(4, 2, 1, [0, 30, 60, 90, 120, 150, 180, 210]);

        float[] x = FaceApiInput.ToBatch([image], 3, centre: false, [0, 0, 0]).ToArray();

        float At(double sx, double sy)
        {
            double Px(int px, int py) => px < 4 && py < 2 ? image[px, py, 0] : 0;
            int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy), x1 = Math.Min(3, (int)Math.Ceiling(sx)), y1 = Math.Min(3, (int)Math.Ceiling(sy));
            double fx = sx - x0, fy = sy - y0;
            double top = Px(x0, y0) + (Px(x1, y0) - Px(x0, y0)) * fx, bottom = Px(x0, y1) + (Px(x1, y1) - Px(x0, y1)) * fx;
            return (float)(top + (bottom - top) * fy) / 255f;
        }
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 3; y++)
                for (int xx = 0; xx < 3; xx++)
                    x[c * 9 + y * 3 + xx].Should().BeApproximately(At(xx * 4 / 3.0, y * 4 / 3.0), 1e-6f, $"channel {c} ({xx}, {y})");
        x[2 * 3 + 0].Should().Be(0f, "row 2 samples source row 2.67, all padding");
    }

    [Fact]
    public void NonMaxSuppression_OverlapAboveThreshold_KeepsHigherScore()
    {
        RectangleF[] boxes = [new(0, 0, 10, 10), new(1, 1, 10, 10), new(20, 20, 5, 5), new(0, 0, 10, 10)];
        float[] scores = [0.6f, 0.9f, 0.7f, 0.9f];

        var kept = NonMaxSuppression.Select(boxes, scores, 0.4f);

        // Equal scores: the later box is taken first (JavaScript's stable sort, popped from the end).
        kept.Should().Equal([3, 2]);
        NonMaxSuppression.Iou(boxes[0], boxes[1]).Should().BeApproximately(81.0 / 119.0, 1e-9);
    }
}
