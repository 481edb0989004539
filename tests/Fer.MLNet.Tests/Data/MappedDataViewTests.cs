using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.Tensors.Random;

namespace Fer.MLNet.Tests.Data;

/// <summary>Changes <see cref="MappedDataView.BlockSize"/>, a process-wide setting: not run beside other tests.</summary>
[Collection(nameof(BlockSizeCollection))]
public sealed class MappedDataViewTests
{
    private static List<float> Ys(IDataView view, Generator? rand = null) => DataValues.Column<float>(view, "Y", rand);

    [Fact]
    public void Cursor_OutputsNotRequested_MapperNeverRuns()
    {
        var mapper = new CountingMapper(expensive: true);
        var view = new MappedDataView(CountingMapper.Numbers(50), mapper);

        DataValues.Column<string>(view, "Name").Should().HaveCount(50);
        DataValues.Column<int>(view, "X").Should().HaveCount(50);

        mapper.Calls.Should().Be(0);
    }

    [Fact]
    public void Cursor_OutputRequested_MapperRunsOncePerRowPerPass()
    {
        var mapper = new CountingMapper(expensive: true);
        var view = new MappedDataView(CountingMapper.Numbers(50), mapper);

        Ys(view).Should().Equal(Enumerable.Range(0, 50).Select(i => i * 10f));
        mapper.Calls.Should().Be(50);
        Ys(view);
        mapper.Calls.Should().Be(100, "a view is lazy and keeps nothing between passes");
    }

    [Fact]
    public void Cursor_StoppedEarly_MapsNoMoreThanOneBlock()
    {
        var mapper = new CountingMapper(expensive: true);
        var view = new MappedDataView(CountingMapper.Numbers(1000), mapper);

        using (var cursor = view.GetRowCursor([view.Schema["Y"]]))
        {
            for (int i = 0; i < 3; i++) cursor.MoveNext().Should().BeTrue();
        }

        mapper.Calls.Should().BeLessOrEqualTo(MappedDataView.BlockSize);
    }

    [Fact]
    public void ExpensiveMapper_BlockSizes1And64_SameValuesInOrder()
    {
        int saved = MappedDataView.BlockSize;
        try
        {
            MappedDataView.BlockSize = 1;
            var sequential = DataValues.ReadAll(new MappedDataView(CountingMapper.Numbers(300), new CountingMapper(expensive: true, jitter: true), randomPerRow: true, seed: 4), new Generator(8));
            MappedDataView.BlockSize = 64;
            var mapper = new CountingMapper(expensive: true, jitter: true);
            var parallel = DataValues.ReadAll(new MappedDataView(CountingMapper.Numbers(300), mapper, randomPerRow: true, seed: 4), new Generator(8));

            DataValues.AssertIdentical(sequential, parallel, "block size 64 against 1");
            parallel["X"].Cast<int>().Order().Should().Equal(Enumerable.Range(0, 300), "every row once (shuffled by the cursor's generator)");
            parallel.Rows.Select(r => (float)r[2]!).Should().Equal(parallel.Rows.Select(r => (int)r[0]! * 10f), "outputs stay with their rows");
        }
        finally
        {
            MappedDataView.BlockSize = saved;
        }
    }

    [Fact]
    public void ExpensiveMapper_UnshuffledCursor_KeepsInputOrder()
    {
        var mapper = new CountingMapper(expensive: true, jitter: true);

        Ys(new MappedDataView(CountingMapper.Numbers(200), mapper)).Should().Equal(Enumerable.Range(0, 200).Select(i => i * 10f));
    }

    [Fact]
    public void DroppedRows_SkippedInOrder_WhateverColumnsAreRead()
    {
        var view = new MappedDataView(CountingMapper.Numbers(101), new CountingMapper(expensive: true, dropOdd: true));

        Ys(view).Should().Equal(Enumerable.Range(0, 51).Select(i => i * 20f));
        DataValues.Column<string>(view, "Name").Should().Equal(Enumerable.Range(0, 51).Select(i => $"n{2 * i}"), "dropping does not depend on the columns read");
        view.GetRowCount().Should().BeNull();
    }

    [Fact]
    public void DroppedRows_PositionCountsKeptRows()
    {
        var view = new MappedDataView(CountingMapper.Numbers(10), new CountingMapper(dropOdd: true));
        using var cursor = view.GetRowCursor(view.Schema);
        var positions = new List<long>();
        while (cursor.MoveNext()) positions.Add(cursor.Position);

        positions.Should().Equal(0, 1, 2, 3, 4);
    }

    [Fact]
    public void MapperReturningFalseWithoutDeclaringIt_Fails()
    {
        var view = new MappedDataView(CountingMapper.Numbers(4), new UndeclaredDropper());

        Action read = () => DataValues.ReadAll(view);

        read.Should().Throw<InvalidOperationException>().WithMessage("Row 0:*dropped the row*CanDropRows*");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FailingRow_ReportedAsEarliestRowWithCause(bool expensive)
    {
        var view = new MappedDataView(CountingMapper.Numbers(200), new CountingMapper(expensive, failOn: 70, jitter: true));

        Action read = () => DataValues.ReadAll(view);

        read.Should().Throw<InvalidOperationException>().WithMessage("Row 70: value 70 is bad").WithInnerException<FormatException>();
    }

    [Fact]
    public void RandomPerRow_SameGeneratorSeed_SameDraws()
    {
        var view = new MappedDataView(CountingMapper.Numbers(100), new CountingMapper(expensive: true), randomPerRow: true);

        var a = DataValues.ReadAll(view, new Generator(5));
        var b = DataValues.ReadAll(view, new Generator(5));

        DataValues.AssertIdentical(a, b, "two cursors seeded alike");
        a["Noise"].Cast<float>().Distinct().Should().HaveCountGreaterThan(95, "rows get different generators");
    }

    [Fact]
    public void RandomPerRow_DifferentGenerators_DifferentDraws()
    {
        var view = new MappedDataView(CountingMapper.Numbers(100), new CountingMapper(), randomPerRow: true);

        var a = DataValues.ReadAll(view, new Generator(5)).Rows.ToDictionary(r => (int)r[0]!, r => (float)r[3]!);
        var b = DataValues.ReadAll(view, new Generator(6)).Rows.ToDictionary(r => (int)r[0]!, r => (float)r[3]!);

        a.Count(kv => kv.Value != b[kv.Key]).Should().BeGreaterThan(95);
    }

    [Fact]
    public void RandomPerRow_NoGenerator_ReproducedBySeed()
    {
        var data = CountingMapper.Numbers(30);

        var a = Ys(new MappedDataView(data, new CountingMapper(), randomPerRow: true, seed: 3));
        var noise1 = DataValues.Column<float>(new MappedDataView(data, new CountingMapper(), randomPerRow: true, seed: 3), "Noise");
        var noise2 = DataValues.Column<float>(new MappedDataView(data, new CountingMapper(), randomPerRow: true, seed: 3), "Noise");
        var noise3 = DataValues.Column<float>(new MappedDataView(data, new CountingMapper(), randomPerRow: true, seed: 4), "Noise");

        a.Should().HaveCount(30);
        noise1.Should().Equal(noise2);
        noise1.Should().NotEqual(noise3);
    }

    [Fact]
    public void RandomPerRow_ShuffledOrder_SameWhetherOrNotOutputsAreRead()
    {
        var view = new MappedDataView(CountingMapper.Numbers(40), new CountingMapper(), randomPerRow: true);

        var withOutputs = DataValues.ReadAll(view, new Generator(11))["X"].Cast<int>().ToList();
        var inputsOnly = DataValues.Column<int>(view, "X", new Generator(11));

        inputsOnly.Should().Equal(withOutputs);
        inputsOnly.Should().NotEqual(Enumerable.Range(0, 40), "the cursor's generator shuffles");
    }

    [Fact]
    public void Constructor_MissingInput_ThrowsNamingColumn()
    {
        var schema = new DataViewSchema.Builder().AddColumn("Z", NumberDataViewType.Int32).ToSchema();

        Action make = () => _ = new MappedDataView(new InMemoryDataView(schema, [[1]]), new CountingMapper());

        make.Should().Throw<ArgumentException>().WithMessage("*'X' not found*'Z'*");
    }

    private sealed class UndeclaredDropper : RowMapper
    {
        public override IReadOnlyList<string> InputColumnNames => ["X"];

        public override IReadOnlyList<(string Name, DataViewType Type, DataViewAnnotations? Annotations)> GetOutputColumns(DataViewSchema inputSchema)
            => [("Y", NumberDataViewType.Single, null)];

        public override bool Map(ReadOnlySpan<object?> inputs, Span<object?> outputs, RowContext context) => false;
    }
}
