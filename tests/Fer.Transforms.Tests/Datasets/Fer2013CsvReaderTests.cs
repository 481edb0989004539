using System.Text;
using Fer.Tensors.Random;
using Fer.Transforms.Datasets;
using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Tests.Datasets;

public class Fer2013CsvReaderTests
{
    private static byte[] RandomPixels(Generator g, int n = 48 * 48)
    {
        var p = new byte[n];
        for (int i = 0; i < n; i++) p[i] = (byte)g.NextInt(256);
        return p;
    }

    private static string Row(int emotion, byte[] pixels, string usage) => $"{emotion},{string.Join(' ', pixels)},{usage}\n";

    [Fact]
    public void Read_ValidRows_GiveRawPixelsLabelsAndLines()
    {
        using var tmp = new TempFolder();
        var g = new Generator(7);
        byte[] a = RandomPixels(g), b = RandomPixels(g), c = RandomPixels(g);
        string path = tmp.WriteText("fer2013.csv", "emotion,pixels,Usage\r\n" + Row(0, a, "Training") + Row(3, b, "PublicTest") + Row(6, c, "PrivateTest"));
        var result = new Fer2013CsvReader(path).ReadAll();
        result.Rows.Should().HaveCount(3);
        result.Rows.Select(r => r.Label).Should().Equal(Expression.Anger, Expression.Happiness, Expression.Neutral);
        result.Rows.Select(r => r.Origin.Line).Should().Equal(2, 3, 4);
        var img = result.Rows[1].Image;
        img.Kind.Should().Be(ImageSourceKind.RawPixels);
        (img.Width, img.Height).Should().Be((48, 48));
        img.Pixels.ToArray().Should().Equal(b);
        result.Rows[2].SourceLabel.Should().Be("6");
    }

    [Fact]
    public void Read_UsageFilter_KeepsOnlyThoseRows()
    {
        using var tmp = new TempFolder();
        var g = new Generator(8);
        string path = tmp.WriteText("fer2013.csv", "emotion,pixels,Usage\n" + Row(1, RandomPixels(g), "Training") + Row(2, RandomPixels(g), "PublicTest") + Row(4, RandomPixels(g), "Training"));
        var rows = new Fer2013CsvReader(path, new Fer2013CsvReaderOptions { Usages = ["training"] }).ReadAll().Rows;
        rows.Select(r => r.LabelIndex).Should().Equal(1, 4);
    }

    [Fact]
    public void Read_IsLazy_FirstRowWithoutParsingTheRest()
    {
        using var tmp = new TempFolder();
        var g = new Generator(9);
        string path = tmp.WriteText("fer2013.csv", "emotion,pixels\n" + $"5,{string.Join(' ', RandomPixels(g))}\n" + "9,oops\n");
        var reader = new Fer2013CsvReader(path);
        reader.Read(new SkippedRows()).First().Label.Should().Be(Expression.Surprise);
        FluentActions.Invoking(() => reader.ReadAll()).Should().Throw<DatasetFormatException>().WithMessage("*line 3*");
    }

    [Fact]
    public void Read_BadRows_ThrowOrAreListed()
    {
        using var tmp = new TempFolder();
        var g = new Generator(10);
        var sb = new StringBuilder("emotion,pixels,Usage\n");
        sb.Append(Row(0, RandomPixels(g), "Training"));
        sb.Append(Row(1, RandomPixels(g, 2303), "Training"));           // line 3: too few pixels
        sb.Append(Row(1, RandomPixels(g, 2305), "Training"));           // line 4: too many
        sb.Append($"2,{string.Join(' ', RandomPixels(g, 2303))} x,Training\n"); // line 5: not a number
        sb.Append($"7,{string.Join(' ', RandomPixels(g))},Training\n"); // line 6: no emotion 7
        sb.Append("3,1 2 3\n");                                           // line 7: 2 fields
        sb.Append($"3,256 {string.Join(' ', RandomPixels(g, 2303))},Training\n"); // line 8: 256
        string path = tmp.WriteText("fer2013.csv", sb.ToString());
        FluentActions.Invoking(() => new Fer2013CsvReader(path).ReadAll()).Should().Throw<DatasetFormatException>()
            .Where(e => e.Line == 3).WithMessage("*fer2013.csv, line 3*2303 pixel values; expected 2304*");
        var result = new Fer2013CsvReader(path, new Fer2013CsvReaderOptions { SkipBadRows = true }).ReadAll();
        result.Rows.Should().ContainSingle();
        result.Skipped.Select(s => s.Origin.Line).Should().Equal(3, 4, 5, 6, 7, 8);
        result.Skipped.Should().OnlyContain(s => s.Cause == SkipCause.BadRow);
        result.Skipped[1].Reason.Should().Contain("more than 2304");
        result.Skipped[2].Reason.Should().Contain("not an integer 0..255");
        result.Skipped[3].Reason.Should().Contain("'7'").And.Contain("0..6");
        result.Skipped[4].Reason.Should().Contain("expected 3 fields");
        result.Skipped[5].Reason.Should().Contain("256");
    }

    [Fact]
    public void Read_NoPixelsColumn_ThrowsListingColumns()
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("fer2013.csv", "emotion,image\n0,x\n");
        FluentActions.Invoking(() => new Fer2013CsvReader(path).ReadAll()).Should().Throw<DatasetFormatException>().WithMessage("*line 1*'pixels'*'emotion', 'image'*");
    }

    [Fact]
    public void Read_UnlabelledFile_GivesRowsWithoutLabel()
    {
        using var tmp = new TempFolder();
        string path = tmp.WriteText("test.csv", $"pixels\n\"{string.Join(' ', new byte[16])}\"\n");
        var row = new Fer2013CsvReader(path, new Fer2013CsvReaderOptions { Width = 4, Height = 4 }).ReadAll().Rows.Single();
        row.Label.Should().BeNull();
        row.LabelIndex.Should().Be(-1);
    }
}
