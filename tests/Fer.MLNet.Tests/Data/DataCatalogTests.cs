using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.Testing;
using Fer.Transforms.Datasets;

namespace Fer.MLNet.Tests.Data;

public sealed class DataCatalogTests
{
    private readonly FerContext fer = new(seed: 3);

    private static string FerPlusValid => SharedData.Require("data/ferplus/FER2013Valid");

    /// <summary>The FER+ label.csv rows counted directly: [image, box, 10 vote counts].</summary>
    private static List<(string Image, int[] Votes)> LabelCsv(string folder)
        => [.. File.ReadLines(Path.Combine(folder, "label.csv")).Where(l => l.Length > 0).Select(l =>
        {
            string[] parts = l.Split(',');
            return (parts[0], parts[^10..].Select(int.Parse).ToArray());
        })];

    [SkippableFact]
    public void LoadFerPlus_Valid_StandardColumnsAndLabelNames()
    {
        InMemoryDataView data = fer.Data.LoadFerPlus(FerPlusValid);

        data.Schema.Where(c => !c.IsHidden).Select(c => c.Name).Should().Contain(["Path", "Label", "LabelName", "Votes", "Distribution", "FaceBox"]);
        data.Schema["Label"].Type.Should().Be(NumberDataViewType.Int32);
        data.Schema["Label"].Annotations.KeyValues.Should().Equal("neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt");
        data.Schema["Votes"].Type.Should().Be(new VectorDataViewType(10));
        data.Schema["FaceBox"].Type.Should().Be(new VectorDataViewType(4));
        var rows = DataValues.ReadAll(data);
        rows.Rows.Should().OnlyContain(r => File.Exists((string)r[0]!));
        var names = data.Schema["Label"].Annotations.KeyValues!;
        rows["Label"].Zip(rows["LabelName"]).Should().OnlyContain(p => names[(int)p.First!] == (string)p.Second!);
    }

    [SkippableFact]
    public void LoadFerPlus_WithoutContempt_SevenClassNamesAndLabelsBelowSeven()
    {
        var data = fer.Data.LoadFerPlus(FerPlusValid, new FerPlusReaderOptions { IncludeContempt = false });

        data.Schema["Label"].Annotations.KeyValues.Should().Equal("neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear");
        DataValues.Column<int>(data, "Label").Should().OnlyContain(l => l >= 0 && l < 7);
    }

    [SkippableFact]
    public void LoadFerPlus_StrictMajority_2866RowsEachAboveHalfTheVotes()
    {
        var csv = LabelCsv(FerPlusValid).ToDictionary(r => r.Image, r => r.Votes);

        var data = fer.Data.LoadFerPlus(FerPlusValid, new FerPlusReaderOptions { Mode = FerPlusLabelMode.StrictMajority });

        data.GetRowCount().Should().Be(2866);
        int expected = csv.Values.Count(v => 2 * v[..8].Max() > v.Sum());
        data.GetRowCount().Should().Be(expected, "the rows whose top emotion has more than half of all ten vote columns");
        var paths = DataValues.Column<string>(data, "Path");
        var labels = DataValues.Column<int>(data, "Label");
        for (int i = 0; i < paths.Count; i++)
        {
            int[] votes = csv[Path.GetFileName(paths[i])];
            votes[labels[i]].Should().Be(votes[..8].Max(), $"row {i} is labelled with its top emotion");
        }
    }

    [SkippableFact]
    public void Load_FerPlusSpec_SameRowsAsLoadFerPlus()
    {
        var direct = DataValues.ReadAll(fer.Data.LoadFerPlus(FerPlusValid));
        var spec = DataValues.ReadAll(fer.Data.Load("ferplus:" + FerPlusValid));

        DataValues.AssertIdentical(direct, spec, "ferplus:PATH against LoadFerPlus");
    }

    [Fact]
    public void Load_UnknownKind_ThrowsListingKinds()
    {
        Action load = () => fer.Data.Load("pickle:/tmp/x");

        load.Should().Throw<ArgumentException>().WithMessage("*'pickle'*ferplus, folder*");
    }

    [SkippableFact]
    public void TrainTestSplit_Stratified_KeepsClassProportions()
    {
        var data = fer.Data.LoadFerPlus(FerPlusValid);

        var (train, test) = fer.Data.TrainTestSplit(data, 0.2, stratificationColumn: "Label");

        var all = DataValues.Column<int>(data, "Label").GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        var inTest = DataValues.Column<int>(test, "Label").GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (label, count) in all)
            inTest.GetValueOrDefault(label).Should().Be((int)Math.Round(count * 0.2), $"class {label} keeps its share");
        var trainPaths = DataValues.Column<string>(train, "Path");
        var testPaths = DataValues.Column<string>(test, "Path");
        trainPaths.Intersect(testPaths).Should().BeEmpty();
        trainPaths.Concat(testPaths).Order(StringComparer.Ordinal).Should().Equal(DataValues.Column<string>(data, "Path").Order(StringComparer.Ordinal));
        test.Schema["Label"].Annotations.KeyValues.Should().Equal(data.Schema["Label"].Annotations.KeyValues);
    }

    [SkippableFact]
    public void TrainTestSplit_ByGroup_NoPersonOnBothSides()
    {
        var data = fer.Data.LoadLfwExpressions(SharedData.Require("data/lfw-expressions"));

        var (train, test) = fer.Data.TrainTestSplit(data, 0.25, groupColumn: "Group");

        var trainGroups = DataValues.Column<string>(train, "Group").ToHashSet();
        var testGroups = DataValues.Column<string>(test, "Group").ToHashSet();
        trainGroups.Should().NotBeEmpty();
        testGroups.Should().NotBeEmpty();
        trainGroups.Overlaps(testGroups).Should().BeFalse();
        (train.GetRowCount() + test.GetRowCount()).Should().Be(data.GetRowCount());
    }

    [Fact]
    public void TrainTestSplit_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        var data = CountingMapper.Numbers(200);

        var a = DataValues.Column<int>(new FerContext(seed: 5).Data.TrainTestSplit(data, 0.3).TestSet, "X");
        var b = DataValues.Column<int>(new FerContext(seed: 5).Data.TrainTestSplit(data, 0.3).TestSet, "X");
        var c = DataValues.Column<int>(new FerContext(seed: 6).Data.TrainTestSplit(data, 0.3).TestSet, "X");

        a.Should().HaveCount(60).And.Equal(b);
        c.Should().NotEqual(a);
    }

    [Theory]
    [InlineData("Name", null, "stratificationColumn", "*'Name'*String*Int32*")]
    [InlineData(null, "X", "groupColumn", "*'X'*Int32*String*")]
    [InlineData(null, "Nope", "groupColumn", "*'Nope' not found*")]
    public void TrainTestSplit_ColumnOfWrongType_ThrowsNamingIt(string? strat, string? group, string param, string message)
    {
        Action split = () => fer.Data.TrainTestSplit(CountingMapper.Numbers(10), 0.5, strat, group);

        split.Should().Throw<ArgumentException>().WithMessage(message).Which.ParamName.Should().Be(param);
    }

    [Fact]
    public void Cache_MappedView_ComputesOnceAndKeepsValues()
    {
        var mapper = new CountingMapper(expensive: true);
        var mapped = new MappedDataView(CountingMapper.Numbers(80), mapper);

        var cached = fer.Data.Cache(mapped);
        var first = DataValues.ReadAll(cached);
        var second = DataValues.ReadAll(cached);

        mapper.Calls.Should().Be(80);
        DataValues.AssertIdentical(first, second, "two passes over the cache");
        DataValues.AssertIdentical(DataValues.ReadAll(mapped), first, "the cache against the view");
        cached.CanShuffle.Should().BeTrue();
        cached.GetRowCount().Should().Be(80);
    }

    [Fact]
    public void CreateEnumerable_ByNameAndColumnName_FillsMembers()
    {
        var items = fer.Data.CreateEnumerable<Row>(CountingMapper.Numbers(3)).ToList();

        items.Select(i => i.X).Should().Equal(0, 1, 2);
        items.Select(i => i.Title).Should().Equal("n0", "n1", "n2");
    }

    [Fact]
    public void CreateEnumerable_MemberOfOtherType_ThrowsBeforeReading()
    {
        Action read = () => fer.Data.CreateEnumerable<WrongRow>(new SchemaOnlyView(CountingMapper.Numbers(3).Schema));

        read.Should().Throw<ArgumentException>().WithMessage("*WrongRow.X is String*'X' is Int32*");
    }

    [Fact]
    public void LoadFromEnumerable_ThenCreateEnumerable_RoundTrips()
    {
        Row[] rows = [new() { X = 4, Title = "a" }, new() { X = -1, Title = null }];

        var back = fer.Data.CreateEnumerable<Row>(fer.Data.LoadFromEnumerable(rows)).ToList();

        back.Should().BeEquivalentTo(rows, o => o.WithStrictOrdering());
    }

    public sealed class Row
    {
        public int X { get; set; }

        [ColumnName("Name")]
        public string? Title { get; set; }
    }

    public sealed class WrongRow
    {
        public string? X { get; set; }
    }
}
