using Fer.Trainers.Metrics;

namespace Fer.Trainers.Tests.Metrics;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void RowNormalized_DividesEachRowBySupport_EmptyRowsStayZero()
    {
        var m = new ConfusionMatrix(["a", "b", "c"], [[1, 3, 0], [0, 0, 0], [2, 0, 2]]);

        double[][] r = m.RowNormalized;

        r[0].Should().Equal(0.25, 0.75, 0);
        r[1].Should().Equal(0, 0, 0);
        r[2].Should().Equal(0.5, 0, 0.5);
        m.RowSum(2).Should().Be(4);
        m.ColumnSum(0).Should().Be(3);
        m[0, 1].Should().Be(3);
    }

    [Fact]
    public void ToTable_AlignsCountsUnderClassNames()
    {
        var m = new ConfusionMatrix(["neutral", "happiness"], [[12, 3], [0, 140]]);

        string[] lines = m.ToTable().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(3);
        lines[0].Should().Contain("neutral").And.Contain("happiness");
        lines[1].Should().MatchRegex(@"^\s+neutral\s+12\s+3$");
        lines[2].Should().MatchRegex(@"^\s+happiness\s+0\s+140$");
        lines.Select(l => l.Length).Distinct().Should().HaveCount(1, "columns are right-aligned to one width");
        m.ToTable(normalized: true).Should().Contain("0.8000").And.Contain("1.0000");
    }

    [Fact]
    public void Constructor_BadShapes_Throw()
    {
        FluentActions.Invoking(() => new ConfusionMatrix(["a", "b"], [[1, 2]]))
            .Should().Throw<ArgumentException>().WithMessage("*1 rows but 2 class names*");
        FluentActions.Invoking(() => new ConfusionMatrix(["a", "b"], [[1, 2], [3]]))
            .Should().Throw<ArgumentException>().WithMessage("Row 1*1 columns; expected 2*");
        FluentActions.Invoking(() => new ConfusionMatrix(["a"], [[-1]]))
            .Should().Throw<ArgumentException>().WithMessage("*negative*");
    }
}
