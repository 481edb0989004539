using Fer.Testing;
using Fer.Transforms.Datasets;
using Fer.Transforms.Taxonomy;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Datasets;

public class FerPlusReaderTests(ITestOutputHelper output)
{
    // Expected counts were computed independently with a short Python script over label.csv
    // (same rules: ties among the 8 emotions dropped, rows where unknown or NF beats every emotion dropped;
    // strict majority: top emotion > half the sum of all 10 columns).
    [SkippableTheory]
    [InlineData("FER2013Train", FerPlusLabelMode.Majority, true, 27097)]
    [InlineData("FER2013Valid", FerPlusLabelMode.Majority, true, 3417)]
    [InlineData("FER2013Train", FerPlusLabelMode.StrictMajority, true, 21823)]
    [InlineData("FER2013Train", FerPlusLabelMode.StrictMajority, false, 21747)]
    [InlineData("FER2013Valid", FerPlusLabelMode.StrictMajority, true, 2866)]
    [InlineData("FER2013Valid", FerPlusLabelMode.StrictMajority, false, 2857)]
    public void ReadAll_RealFerPlus_CountsMatchIndependentTally(string split, FerPlusLabelMode mode, bool contempt, int expected)
    {
        string folder = SharedData.Require("data/ferplus/" + split);
        var result = new FerPlusReader(folder, new FerPlusReaderOptions { Mode = mode, IncludeContempt = contempt }).ReadAll();
        int lines = File.ReadLines(Path.Combine(folder, "label.csv")).Count(l => l.Length > 0);
        output.WriteLine($"{split} {mode} contempt={contempt}: {result.Rows.Count} rows; {result.Skipped.Summary()}");
        foreach (var kv in result.Skipped.CountByReason()) output.WriteLine($"  {kv.Key}: {kv.Value}");
        result.Rows.Should().HaveCount(expected);
        (result.Rows.Count + result.Skipped.Count).Should().Be(lines, "every line is either a row or a listed skip");
        result.Skipped.CountOf(SkipCause.BadRow).Should().Be(0);
        result.Skipped.CountOf(SkipCause.MissingImage).Should().Be(0);
        if (!contempt) result.Rows.Should().NotContain(r => r.Label == Expression.Contempt);
    }

    [SkippableFact]
    public void ReadAll_ValidStrictMajority_HistogramMatchesIndependentTally()
    {
        string folder = SharedData.Require("data/ferplus/FER2013Valid");
        var result = new FerPlusReader(folder, new FerPlusReaderOptions { Mode = FerPlusLabelMode.StrictMajority }).ReadAll();
        int[] counts = result.ClassCounts();
        output.WriteLine(string.Join(", ", Enumerable.Range(0, 8).Select(i => $"{result.Scheme[i].Name} {counts[i]}")));
        // neutral, happiness, surprise, sadness, anger, disgust, fear, contempt (Python tally).
        counts.Take(8).Should().Equal(1062, 845, 381, 277, 235, 16, 41, 9);
        counts[8].Should().Be(0);
        counts[9].Should().Be(0);
    }

    [SkippableFact]
    public void ReadAll_RealValid_RowsCarryVotesDistributionAndBox()
    {
        string folder = SharedData.Require("data/ferplus/FER2013Valid");
        var result = new FerPlusReader(folder, new FerPlusReaderOptions { Mode = FerPlusLabelMode.Probability }).ReadAll();
        output.WriteLine($"Probability: {result.Rows.Count} rows; {result.Skipped.Summary()}");
        var first = result.Rows[0];
        first.Image.Kind.Should().Be(ImageSourceKind.File);
        File.Exists(first.Image.Path).Should().BeTrue();
        first.Origin.Line.Should().Be(1);
        first.Box.Should().Be(new FaceBox(0, 0, 48, 48));
        foreach (var r in result.Rows)
        {
            r.Votes.Should().HaveCount(10);
            r.Distribution!.Sum().Should().BeApproximately(1f, 1e-5f);
            r.Distribution![r.LabelIndex].Should().Be(r.Distribution.Max());
            r.SourceLabel.Should().Be(ExpressionNames.ToName(r.Label!.Value));
        }
    }

    private static string WriteFerPlus(TempFolder tmp, string labels, params string[] images)
    {
        foreach (string i in images) tmp.Image("f/" + i);
        tmp.WriteText("f/label.csv", labels);
        return Path.Combine(tmp.Path, "f");
    }

    [Fact]
    public void Read_NonNumericVote_ThrowsNamingFileLineAndColumn()
    {
        using var tmp = new TempFolder();
        string folder = WriteFerPlus(tmp, "a.png,\"(0, 0, 48, 48)\",9,1,0,0,0,0,0,0,0,0\nb.png,\"(0, 0, 48, 48)\",x,1,0,0,0,0,0,0,0,0\n", "a.png", "b.png");
        FluentActions.Invoking(() => new FerPlusReader(folder).ReadAll()).Should().Throw<DatasetFormatException>()
            .Where(e => e.Line == 2).WithMessage("*label.csv, line 2*'neutral'*'x'*non-negative number*");
    }

    [Fact]
    public void Read_SkipBadRows_ListsEveryProblemAndKeepsGoodRows()
    {
        using var tmp = new TempFolder();
        string folder = WriteFerPlus(tmp,
            "a.png,\"(0, 0, 48, 48)\",9,1,0,0,0,0,0,0,0,0\n" +
            "b.png,\"(0, 0, 48, 48)\",x,1,0,0,0,0,0,0,0,0\n" +      // non-numeric vote
            "c.png,\"(0, 0, 48, 48)\",9,1,0,0,0,0,0,0,0\n" +        // 11 fields
            "missing.png,\"(0, 0, 48, 48)\",0,9,0,0,0,0,0,0,0,1\n" + // image absent
            "d.png,\"(0, 0, 0, 48)\",0,9,0,0,0,0,0,0,0,1\n" +       // empty box
            "../e.png,\"(0, 0, 48, 48)\",0,9,0,0,0,0,0,0,0,1\n" +    // escapes the folder
            "f.png,\"(0, 0, 48, 48)\",5,5,0,0,0,0,0,0,0,0\n" +       // tie: filtered
            "g.png,\"(0, 0, 48, 48)\",0,0,0,0,0,0,3,0,0,0\n",
            "a.png", "b.png", "c.png", "d.png", "f.png", "g.png");
        var result = new FerPlusReader(folder, new FerPlusReaderOptions { SkipBadRows = true }).ReadAll();
        result.Rows.Select(r => Path.GetFileName(r.Image.Path)).Should().Equal("a.png", "g.png");
        result.Rows[1].Label.Should().Be(Expression.Fear);
        result.Skipped.Select(s => (s.Origin.Line, s.Cause)).Should().Equal(
            (2, SkipCause.BadRow), (3, SkipCause.BadRow), (4, SkipCause.MissingImage), (5, SkipCause.BadRow), (6, SkipCause.BadRow), (7, SkipCause.Filtered));
        result.Skipped[1].Reason.Should().Contain("expected 12 fields");
        result.Skipped[2].Reason.Should().Contain("missing.png");
    }

    [Fact]
    public void Read_MissingImageWithoutSkip_Throws()
    {
        using var tmp = new TempFolder();
        string folder = WriteFerPlus(tmp, "gone.png,\"(0, 0, 48, 48)\",9,1,0,0,0,0,0,0,0,0\n");
        FluentActions.Invoking(() => new FerPlusReader(folder).ReadAll()).Should().Throw<DatasetFormatException>().WithMessage("*line 1*gone.png*does not exist*");
        new FerPlusReader(folder, new FerPlusReaderOptions { CheckImagesExist = false }).ReadAll().Rows.Should().HaveCount(1);
    }

    [Fact]
    public void Constructor_MissingFolderOrLabelFile_Throws()
    {
        using var tmp = new TempFolder();
        FluentActions.Invoking(() => new FerPlusReader(Path.Combine(tmp.Path, "nope"))).Should().Throw<DatasetFormatException>().WithMessage("*nope*FER+ folder does not exist*");
        FluentActions.Invoking(() => new FerPlusReader(tmp.Path)).Should().Throw<DatasetFormatException>().WithMessage("*label.csv*does not exist*");
    }

    [Fact]
    public void Read_HeaderLine_IsTolerated()
    {
        using var tmp = new TempFolder();
        string folder = WriteFerPlus(tmp, "image,box,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\na.png,\"(1, 2, 40, 41)\",0,10,0,0,0,0,0,0,0,0\n", "a.png");
        var rows = new FerPlusReader(folder).ReadAll().Rows;
        rows.Should().ContainSingle().Which.Box.Should().Be(new FaceBox(1, 2, 40, 41));
        rows[0].Origin.Line.Should().Be(2);
    }
}
