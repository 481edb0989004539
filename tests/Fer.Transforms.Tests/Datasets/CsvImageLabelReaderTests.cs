using Fer.Testing;
using Fer.Transforms.Datasets;
using Fer.Transforms.Taxonomy;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Datasets;

public class CsvImageLabelReaderTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void LfwExpressions_RealLegend_EveryRowLabelledWithPerson()
    {
        string root = SharedData.Require("data/lfw-expressions");
        var result = DatasetReaders.LfwExpressions(root).ReadAll();
        int[] counts = result.ClassCounts();
        var persons = result.Rows.Select(r => r.GroupId).Distinct().Count();
        output.WriteLine(string.Join(", ", result.Scheme.Names.Select((n, i) => $"{n} {counts[i]}")) + $"; {persons} persons");
        // Independent tally of legend.csv's emotion column.
        var expected = File.ReadLines(Path.Combine(root, "legend.csv")).Skip(1).Where(l => l.Length > 0)
            .GroupBy(l => l.Split(',')[1]).ToDictionary(g => g.Key, g => g.Count());
        for (int i = 0; i < counts.Length; i++) counts[i].Should().Be(expected.GetValueOrDefault(result.Scheme[i].Name), result.Scheme[i].Name);
        result.Rows.Should().HaveCount(Directory.GetFiles(Path.Combine(root, "images")).Length);
        result.Skipped.Should().BeEmpty();
        result.Rows.Should().OnlyContain(r => r.Label.HasValue && r.GroupId != null);
        result.Rows.Single(r => r.Image.Path!.EndsWith("Abdoulaye_Wade_0003.jpg", StringComparison.Ordinal)).GroupId.Should().Be("Abdoulaye_Wade");
        result.Rows.Where(r => r.Image.Path!.Contains("Akbar_Hashemi_Rafsanjani_", StringComparison.Ordinal))
            .Select(r => r.GroupId).Should().HaveCount(2).And.OnlyContain(g => g == "Akbar_Hashemi_Rafsanjani");
        persons.Should().BeLessThan(result.Rows.Count);
    }

    [Theory]
    [InlineData("Aaron_Eckhart_0001.jpg", "Aaron_Eckhart")]
    [InlineData("Dileep_14.jpg", "Dileep")]
    [InlineData("George_W_Bush_0042.JPG", "George_W_Bush")]
    [InlineData("facial-expressions_2868582k.jpg", "facial-expressions_2868582k")]
    [InlineData("sub/Ann_1.png", "Ann")]
    [InlineData("noperson.jpg", "noperson")]
    [InlineData("trailing_.jpg", "trailing_")]
    public void PersonId_FromFileName_StripsImageNumber(string file, string person) =>
        PersonId.FromFileName(file).Should().Be(person);

    [Fact]
    public void Read_QuotedCsvWithValenceArousalAndGroups_ParsesEverything()
    {
        using var tmp = new TempFolder();
        tmp.Image("img/a b.jpg");
        tmp.Image("img/c.jpg");
        string csv = tmp.WriteText("data.csv", "file,expr,val,aro,who\r\n\"a b.jpg\",Joy,0.5,-0.5,p1\r\nc.jpg,\"scared\",,,\r\n");
        var result = new CsvImageLabelReader(csv, new CsvImageLabelReaderOptions
        {
            ImageColumn = "file", LabelColumn = "expr", ValenceColumn = "val", ArousalColumn = "aro", GroupColumn = "who",
            ImageFolder = Path.Combine(tmp.Path, "img"), GroupIdFromFileName = PersonId.FromFileName,
        }).ReadAll();
        result.Scheme.Should().BeSameAs(ExpressionTaxonomy.Canonical8);
        result.Rows.Select(r => r.Label).Should().Equal(Expression.Happiness, Expression.Fear);
        result.Rows[0].Valence.Should().Be(0.5f);
        result.Rows[0].GroupId.Should().Be("p1");
        result.Rows[1].Valence.Should().BeNull();
        result.Rows[1].GroupId.Should().Be("c", "an empty group column falls back to the file name");
    }

    [Fact]
    public void Read_ArbitraryLabels_BuildSortedScheme()
    {
        using var tmp = new TempFolder();
        tmp.Image("x.jpg");
        string csv = tmp.WriteText("d.csv", "image,label\nx.jpg,zebra\nx.jpg,Ant\nx.jpg,happy\nx.jpg,ant\n");
        var reader = new CsvImageLabelReader(csv, new CsvImageLabelReaderOptions { AllowArbitraryLabels = true });
        reader.Scheme.Names.Should().Equal("Ant", "happy", "zebra");
        reader.ReadAll().Rows.Select(r => r.LabelIndex).Should().Equal(2, 0, 1, 0);
    }

    [Fact]
    public void Read_BadRows_ThrowOrAreListed()
    {
        using var tmp = new TempFolder();
        tmp.Image("x.jpg");
        string csv = tmp.WriteText("d.csv", "image,label\nx.jpg,grumpy\nx.jpg\n../x.jpg,happy\ny.jpg,happy\nx.jpg,sad\n");
        FluentActions.Invoking(() => new CsvImageLabelReader(csv).ReadAll()).Should().Throw<DatasetFormatException>()
            .WithMessage("*d.csv, line 2*'grumpy'*canonical-8*neutral, happiness*");
        var result = new CsvImageLabelReader(csv, new CsvImageLabelReaderOptions { SkipBadRows = true }).ReadAll();
        result.Rows.Should().ContainSingle().Which.Label.Should().Be(Expression.Sadness);
        result.Skipped.Select(s => (s.Origin.Line, s.Cause)).Should().Equal((2, SkipCause.BadRow), (3, SkipCause.BadRow), (4, SkipCause.BadRow), (5, SkipCause.MissingImage));
    }

    [Fact]
    public void Constructor_MissingColumn_ThrowsBeforeReading()
    {
        using var tmp = new TempFolder();
        string csv = tmp.WriteText("d.csv", "image,emotion\nx.jpg,happy\n");
        FluentActions.Invoking(() => new CsvImageLabelReader(csv)).Should().Throw<DatasetFormatException>().WithMessage("*d.csv, line 1*'label'*");
    }
}
