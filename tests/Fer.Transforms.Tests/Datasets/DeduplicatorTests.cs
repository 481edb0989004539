using System.Diagnostics;
using Fer.Testing;
using Fer.Transforms.Datasets;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Datasets;

public class DeduplicatorTests(ITestOutputHelper output)
{
    private static List<DatasetRow> AllPngs(string folder) =>
        [.. Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).Select(f => new DatasetRow(ImageSource.FromFile(f), new RowOrigin(f, 0)))];

    // FER2013 holds byte-identical copies. Expected numbers: an independent SHA-256 tally in Python
    // over the PNG files (the same groups appear when hashing decoded pixels; none of the copies is
    // a constant, blank image in this FER+ copy).
    [SkippableFact]
    public void RemoveDuplicates_RealFer2013Train_FindsTheKnownCopies()
    {
        string folder = SharedData.Require("data/ferplus/FER2013Train");
        var rows = AllPngs(folder);
        var watch = Stopwatch.StartNew();
        var result = Deduplicator.RemoveDuplicates(rows);
        output.WriteLine($"{rows.Count} rows in {watch.ElapsedMilliseconds} ms: {result}");
        result.Groups.Should().HaveCount(1032);
        result.Groups.Sum(g => g.Rows.Count).Should().Be(2256);
        result.RemovedCount.Should().Be(1224);
        result.Kept.Should().HaveCount(rows.Count - 1224);
        result.Groups.Max(g => g.Rows.Count).Should().Be(6);
        // The copies really are identical, and the first is kept.
        foreach (var g in result.Groups.Take(50))
        {
            byte[] first = File.ReadAllBytes(g.Kept.Image.Path!);
            foreach (var r in g.Rows.Skip(1)) File.ReadAllBytes(r.Image.Path!).Should().Equal(first);
            rows.IndexOf(g.Kept).Should().BeLessThan(rows.IndexOf(g.Rows[1]));
        }
    }

    [SkippableFact]
    public void RemoveDuplicates_FerPlusMajorityLabels_ReportsConflictingCopies()
    {
        string folder = SharedData.Require("data/ferplus/FER2013Valid");
        var rows = new FerPlusReader(folder).ReadAll().Rows;
        var result = Deduplicator.RemoveDuplicates(rows);
        output.WriteLine($"FER2013Valid majority rows: {result}");
        result.Groups.Should().NotBeEmpty();
        result.Groups.Should().OnlyContain(g => g.LabelsAgree == g.Rows.All(r => r.Label == g.Kept.Label));
        result.Kept.Count.Should().Be(rows.Count - result.RemovedCount);
    }

    [Fact]
    public void RemoveDuplicates_RawPixels_KeepsFirstAndRespectsShape()
    {
        byte[] a = [1, 2, 3, 4, 5, 6, 7, 8];
        var rows = new List<DatasetRow>
        {
            new(ImageSource.FromGrayPixels(a, 4, 2), new RowOrigin("f.csv", 2)) { LabelIndex = 1 },
            new(ImageSource.FromGrayPixels([9, 9, 9, 9], 2, 2), new RowOrigin("f.csv", 3)) { LabelIndex = 0 },
            new(ImageSource.FromGrayPixels((byte[])a.Clone(), 4, 2), new RowOrigin("f.csv", 4)) { LabelIndex = 3 },
            new(ImageSource.FromGrayPixels((byte[])a.Clone(), 2, 4), new RowOrigin("f.csv", 5)) { LabelIndex = 1 },
            new(ImageSource.FromGrayPixels((byte[])a.Clone(), 4, 2), new RowOrigin("f.csv", 6)) { LabelIndex = 1 },
        };
        var result = Deduplicator.RemoveDuplicates(rows);
        result.Kept.Select(r => r.Origin.Line).Should().Equal(2, 3, 5);
        result.Groups.Should().ContainSingle();
        result.Groups[0].Rows.Select(r => r.Origin.Line).Should().Equal(2, 4, 6);
        result.Groups[0].LabelsAgree.Should().BeFalse();
        result.ConflictingGroupCount.Should().Be(1);
        result.Removed.Select(r => r.Origin.Line).Should().Equal(4, 6);
    }

    [Fact]
    public void RemoveDuplicates_CustomContent_GroupsByIt()
    {
        using var tmp = new TempFolder();
        var rows = new[] { tmp.Image("a.png", 1), tmp.Image("b.png", 2) }
            .Select(p => new DatasetRow(ImageSource.FromFile(p), new RowOrigin(p, 0))).ToList();
        Deduplicator.RemoveDuplicates(rows).RemovedCount.Should().Be(0);
        Deduplicator.RemoveDuplicates(rows, _ => [0]).RemovedCount.Should().Be(1);
    }

    [Fact]
    public void RemoveDuplicates_MissingFile_ThrowsNamingTheRow()
    {
        var rows = new[] { new DatasetRow(ImageSource.FromFile("/no/such.png"), new RowOrigin("labels.csv", 7)) };
        FluentActions.Invoking(() => Deduplicator.RemoveDuplicates(rows)).Should().Throw<DatasetFormatException>().WithMessage("*labels.csv, line 7*/no/such.png*");
    }
}
