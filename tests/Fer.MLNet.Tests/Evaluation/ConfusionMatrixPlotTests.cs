using Fer.MLNet.Evaluation;
using Fer.Trainers.Metrics;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Evaluation;

public sealed class ConfusionMatrixPlotTests
{
    private static int CountPixels(Image image, ConfusionMatrixPlot.Rgb colour)
    {
        int n = 0;
        for (int i = 0; i < image.Pixels.Length; i += 3)
            if (image.Pixels[i] == colour.R && image.Pixels[i + 1] == colour.G && image.Pixels[i + 2] == colour.B) n++;
        return n;
    }

    [Fact]
    public void Render_DiagonalMatrix_ShadesDiagonalDarkAndOffDiagonalLight()
    {
        var diagonal = new ConfusionMatrix(["a", "b"], [[5, 0], [0, 5]]);
        var offDiagonal = new ConfusionMatrix(["a", "b"], [[0, 5], [5, 0]]);

        Image d = ConfusionMatrixPlot.Render(diagonal);
        Image o = ConfusionMatrixPlot.Render(offDiagonal);

        d.Channels.Should().Be(3);
        (d.Width, d.Height).Should().Be((o.Width, o.Height), "the layout depends only on names and digit counts");
        ConfusionMatrixPlot.Rgb full = ConfusionMatrixPlot.Shade(1), empty = ConfusionMatrixPlot.Shade(0);
        // Two full cells of 60x46 pixels, minus their white text, plus one row of the colour bar.
        CountPixels(d, full).Should().BeInRange(2 * 60 * 46 * 3 / 4, 2 * 60 * 46 + 18);
        CountPixels(d, empty).Should().BeInRange(2 * 60 * 46 * 3 / 4, 2 * 60 * 46 + 18);
        d.Pixels.Should().NotEqual(o.Pixels);
        CountPixels(o, full).Should().BeCloseTo(CountPixels(d, full), 2, "the same two shades, moved (grid lines cover one pixel more or less)");
    }

    [Fact]
    public void Shade_GoesFromWhiteToDarkBlue()
    {
        ConfusionMatrixPlot.Rgb zero = ConfusionMatrixPlot.Shade(0), half = ConfusionMatrixPlot.Shade(0.5), one = ConfusionMatrixPlot.Shade(1);

        (zero.R + zero.G + zero.B).Should().BeGreaterThan(740);
        (one.R + one.G + one.B).Should().BeLessThan(200);
        (half.R + half.G + half.B).Should().BeInRange(one.R + one.G + one.B, zero.R + zero.G + zero.B);
        one.B.Should().BeGreaterThan(one.R);
        ConfusionMatrixPlot.Shade(double.NaN).Should().Be(zero);
    }

    [Fact]
    public void Render_LongerNames_WidenTheMargins()
    {
        // A one-letter title so that the plot, not the title, sets the width.
        Image shortNames = ConfusionMatrixPlot.Render(new ConfusionMatrix(["a", "b"], [[1, 0], [0, 1]]), "T");
        Image longNames = ConfusionMatrixPlot.Render(new ConfusionMatrix(["happiness", "b"], [[1, 0], [0, 1]]), "T");
        Image bigCounts = ConfusionMatrixPlot.Render(new ConfusionMatrix(["a", "b"], [[1234567, 0], [0, 1]]), "T");

        (longNames.Width - shortNames.Width).Should().Be(8 * 12, "8 more characters of 12 pixels in the row labels");
        (longNames.Height - shortNames.Height).Should().Be(8 * 12, "and in the upward column labels");
        bigCounts.Width.Should().BeGreaterThan(shortNames.Width, "cells widen to fit 7 digits");
    }

    [Fact]
    public void Save_WritesAPngThatDecodesToTheRenderedPixels()
    {
        var matrix = new ConfusionMatrix(["neutral", "happy", "sad"], [[10, 2, 0], [1, 20, 3], [0, 0, 0]]);
        string path = Path.Combine(Path.GetTempPath(), $"fer-cm-{Guid.NewGuid():N}.png");
        try
        {
            ConfusionMatrixPlot.Save(matrix, path, "Test");
            Image decoded = Image.Load(path);
            Image rendered = ConfusionMatrixPlot.Render(matrix, "Test");

            decoded.Width.Should().Be(rendered.Width);
            decoded.Height.Should().Be(rendered.Height);
            decoded.Pixels.Should().Equal(rendered.Pixels);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Render_TooManyClasses_Throws()
    {
        int c = ConfusionMatrixPlot.MaxClasses + 1;
        var matrix = new ConfusionMatrix([.. Enumerable.Range(0, c).Select(i => $"c{i}")], [.. Enumerable.Range(0, c).Select(_ => new int[c])]);

        FluentActions.Invoking(() => ConfusionMatrixPlot.Render(matrix)).Should().Throw<ArgumentException>().WithMessage($"*{c} classes*");
    }
}
