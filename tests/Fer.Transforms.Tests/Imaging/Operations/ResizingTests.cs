using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Operations;

public sealed class ResizingTests
{
    private static Image Grey(int w, int h, params byte[] values) => new(w, h, 1, values);

    [Fact]
    public void Resize_BilinearUpscaleOfTwoPixels_GivesHandComputedValues()
    {
        // Source x of outputs: -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        Grey(2, 1, 0, 100).Resize(4, 1).Pixels.Should().Equal(0, 25, 75, 100);
    }

    [Fact]
    public void Resize_BilinearTwoByTwoToThreeByThree_GivesHandComputedValues()
    {
        // Positions 0, 0.5 (=(1+0.5)*2/3-0.5), 1 on both axes.
        Image r = Grey(2, 2, 0, 60, 120, 240).Resize(3, 3);
        r.Pixels.Should().Equal(0, 30, 60, 60, 105, 150, 120, 180, 240);
    }

    [Fact]
    public void Resize_Bilinear_MatchesPlainReference()
    {
        var image = new Image(13, 9, 3);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = (byte)(i * 37 % 251);
        foreach ((int w, int h) in new[] { (5, 4), (20, 31), (13, 3) })
        {
            Image r = image.Resize(w, h);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int c = 0; c < 3; c++)
                        ((int)r[x, y, c]).Should().BeCloseTo(ReferenceBilinear(image, x, y, c, w, h), 1, $"({x},{y},{c}) at {w}x{h}");
        }
    }

    private static int ReferenceBilinear(Image s, int x, int y, int c, int w, int h)
    {
        double sx = Math.Clamp((x + 0.5) * s.Width / w - 0.5, 0, s.Width - 1);
        double sy = Math.Clamp((y + 0.5) * s.Height / h - 0.5, 0, s.Height - 1);
        int x0 = (int)sx, y0 = (int)sy, x1 = Math.Min(x0 + 1, s.Width - 1), y1 = Math.Min(y0 + 1, s.Height - 1);
        double fx = sx - x0, fy = sy - y0;
        double v = (1 - fy) * ((1 - fx) * s[x0, y0, c] + fx * s[x1, y0, c]) + fy * ((1 - fx) * s[x0, y1, c] + fx * s[x1, y1, c]);
        return (int)Math.Round(v, MidpointRounding.AwayFromZero);
    }

    [Fact]
    public void Resize_AreaHalving_AveragesBlocks()
    {
        Image r = Grey(4, 2, 0, 10, 20, 30, 100, 110, 120, 131).Resize(2, 1, ResizeMode.Area);
        r.Pixels.Should().Equal(55, 75); // (0+10+100+110)/4, (20+30+120+131)/4 = 75.25
    }

    [Fact]
    public void Resize_AreaThreeToTwo_UsesFractionalCoverage()
    {
        // Output 0 covers [0, 1.5): (a + b/2) / 1.5; output 1 covers [1.5, 3): (b/2 + c) / 1.5.
        Grey(3, 1, 30, 60, 90).Resize(2, 1, ResizeMode.Area).Pixels.Should().Equal(40, 80);
    }

    [Fact]
    public void Resize_NearestByCentres_PicksCentrePixels()
    {
        Grey(4, 1, 1, 2, 3, 4).Resize(2, 1, ResizeMode.Nearest).Pixels.Should().Equal(2, 4);
        // Output 2 maps to (2 + 0.5) * 2 / 5 = 1.0 exactly: the second pixel.
        Grey(2, 1, 7, 9).Resize(5, 1, ResizeMode.Nearest).Pixels.Should().Equal(7, 7, 9, 9, 9);
    }

    [Fact]
    public void Resize_InvalidSize_Throws()
    {
        ((Action)(() => Grey(1, 1, 0).Resize(0, 3))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
