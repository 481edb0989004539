using Fer.Transforms.Datasets;
using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Tests.Datasets;

public class RafDbReaderTests
{
    [Fact]
    public void Read_AlignedSuffixAndPartition_MapsNamesAndLabels()
    {
        using var tmp = new TempFolder();
        tmp.Image("aligned/train_00001_aligned.jpg");
        tmp.Image("aligned/train_00002_aligned.jpg");
        tmp.Image("aligned/test_0001_aligned.jpg");
        string list = tmp.WriteText("list_patition_label.txt", "train_00001.jpg 5\r\ntrain_00002.jpg 1\r\n\r\ntest_0001.jpg 7\r\n");
        var all = new RafDbReader(list, Path.Combine(tmp.Path, "aligned"), new RafDbReaderOptions { AlignedSuffix = "_aligned" }).ReadAll();
        all.Rows.Select(r => r.Label).Should().Equal(Expression.Sadness, Expression.Surprise, Expression.Neutral);
        all.Rows.Select(r => r.Origin.Line).Should().Equal(1, 2, 4);
        Path.GetFileName(all.Rows[0].Image.Path).Should().Be("train_00001_aligned.jpg");
        all.Rows[0].SourceLabel.Should().Be("5");
        var test = new RafDbReader(list, Path.Combine(tmp.Path, "aligned"), new RafDbReaderOptions { AlignedSuffix = "_aligned", Partition = "test" }).ReadAll();
        test.Rows.Should().ContainSingle().Which.Label.Should().Be(Expression.Neutral);
    }

    [Fact]
    public void Read_BadLines_ThrowOrAreListed()
    {
        using var tmp = new TempFolder();
        tmp.Image("img/train_00001.jpg");
        string list = tmp.WriteText("list.txt", "train_00001.jpg 0\ntrain_00001.jpg\ntrain_00001.jpg x\ntrain_00009.jpg 3\ntrain_00001.jpg 3\n");
        string folder = Path.Combine(tmp.Path, "img");
        FluentActions.Invoking(() => new RafDbReader(list, folder).ReadAll()).Should().Throw<DatasetFormatException>()
            .WithMessage("*list.txt, line 1*'0'*1..7*");
        var result = new RafDbReader(list, folder, new RafDbReaderOptions { SkipBadRows = true }).ReadAll();
        result.Rows.Should().ContainSingle().Which.Label.Should().Be(Expression.Disgust);
        result.Skipped.Select(s => (s.Origin.Line, s.Cause)).Should().Equal((1, SkipCause.BadRow), (2, SkipCause.BadRow), (3, SkipCause.BadRow), (4, SkipCause.MissingImage));
    }

    [Fact]
    public void Constructor_SuffixWithPath_Throws()
    {
        using var tmp = new TempFolder();
        string list = tmp.WriteText("list.txt", "");
        FluentActions.Invoking(() => new RafDbReader(list, tmp.Path, new RafDbReaderOptions { AlignedSuffix = "/../x" })).Should().Throw<ArgumentException>();
    }
}
