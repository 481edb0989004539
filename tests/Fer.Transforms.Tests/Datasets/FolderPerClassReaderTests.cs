using Fer.Testing;
using Fer.Transforms.Datasets;
using Fer.Transforms.Taxonomy;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Datasets;

public class FolderPerClassReaderTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void IvpThermal_RealFolder_CountsEqualFilesPerClassFolder()
    {
        string root = SharedData.Require("data/ivp-thermal");
        var result = DatasetReaders.IvpThermal(root).ReadAll();
        int[] counts = result.ClassCounts();
        output.WriteLine(string.Join(", ", result.Scheme.Names.Select((n, i) => $"{n} {counts[i]}")));
        result.Scheme.Should().BeSameAs(ExpressionTaxonomy.IvpThermal);
        for (int i = 0; i < result.Scheme.Count; i++)
            counts[i].Should().Be(Directory.GetFiles(Path.Combine(root, result.Scheme[i].Name), "*.jpg").Length);
        counts.Sum().Should().Be(640, "the README lists 640 thermal images");
        result.Skipped.Should().BeEmpty();
        result.Rows.Should().OnlyContain(r => r.Label != Expression.Disgust && r.Label != Expression.Contempt);
        result.Rows.Where(r => r.SourceLabel == "happy").Should().OnlyContain(r => r.Label == Expression.Happiness);
    }

    [Fact]
    public void Read_NoScheme_BuildsSchemeFromSortedFolderNames()
    {
        using var tmp = new TempFolder();
        tmp.Image("set/sad/1.png");
        tmp.Image("set/Happy/b.JPG");
        tmp.Image("set/Happy/a.jpeg");
        tmp.Image("set/other/x.png");
        tmp.WriteText("set/Happy/notes.txt", "not an image");
        var reader = new FolderPerClassReader(Path.Combine(tmp.Path, "set"));
        reader.Scheme.Names.Should().Equal("Happy", "other", "sad");
        reader.Scheme.ExpressionAt(1).Should().BeNull("'other' is an arbitrary label");
        var result = reader.ReadAll();
        result.Rows.Select(r => Path.GetFileName(r.Image.Path)).Should().Equal("a.jpeg", "b.JPG", "x.png", "1.png");
        result.Rows.Select(r => r.LabelIndex).Should().Equal(0, 0, 1, 2);
        result.Rows.Select(r => r.Label).Should().Equal(Expression.Happiness, Expression.Happiness, null, Expression.Sadness);
        result.Skipped.Should().ContainSingle().Which.Cause.Should().Be(SkipCause.Filtered);
    }

    [Fact]
    public void Read_SchemeGiven_UnknownFolderThrowsOrIsListed()
    {
        using var tmp = new TempFolder();
        tmp.Image("t/anger/1.jpg");
        tmp.Image("t/disgust/1.jpg");
        string root = Path.Combine(tmp.Path, "t");
        FluentActions.Invoking(() => DatasetReaders.IvpThermal(root)).Should().Throw<DatasetFormatException>()
            .WithMessage("*disgust*not a class of label scheme 'ivp-thermal'*anger, fear, happy*");
        var result = DatasetReaders.IvpThermal(root, skipBadRows: true).ReadAll();
        result.Rows.Should().ContainSingle().Which.Label.Should().Be(Expression.Anger);
        result.Skipped.Should().ContainSingle().Which.Origin.File.Should().EndWith("disgust");
    }

    [Fact]
    public void Read_NestedFolders_ListedOrReadWithRecursive()
    {
        using var tmp = new TempFolder();
        tmp.Image("r/fear/top.jpg");
        tmp.Image("r/fear/sub/deep.jpg");
        string root = Path.Combine(tmp.Path, "r");
        var flat = new FolderPerClassReader(root).ReadAll();
        flat.Rows.Should().ContainSingle();
        flat.Skipped.Should().ContainSingle().Which.Reason.Should().Contain("Recursive");
        new FolderPerClassReader(root, new FolderPerClassReaderOptions { Recursive = true }).ReadAll().Rows.Should().HaveCount(2);
    }

    [Fact]
    public void Read_GroupIdFromFileName_IsApplied()
    {
        using var tmp = new TempFolder();
        tmp.Image("g/happy/Ann_Lee_0003.jpg");
        var row = new FolderPerClassReader(Path.Combine(tmp.Path, "g"), new FolderPerClassReaderOptions { GroupIdFromFileName = PersonId.FromFileName }).ReadAll().Rows.Single();
        row.GroupId.Should().Be("Ann_Lee");
    }

    [Fact]
    public void Constructor_BadFolders_Throw()
    {
        using var tmp = new TempFolder();
        FluentActions.Invoking(() => new FolderPerClassReader(Path.Combine(tmp.Path, "absent"))).Should().Throw<DatasetFormatException>().WithMessage("*absent*does not exist*");
        tmp.Image("flat/x.jpg");
        FluentActions.Invoking(() => new FolderPerClassReader(Path.Combine(tmp.Path, "flat"))).Should().Throw<DatasetFormatException>().WithMessage("*no class folders*");
        tmp.Image("syn/happy/x.jpg");
        tmp.Image("syn/joy/y.jpg");
        FluentActions.Invoking(() => new FolderPerClassReader(Path.Combine(tmp.Path, "syn"))).Should().Throw<DatasetFormatException>().WithMessage("*Happiness*");
    }
}
