using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.Tensors.Random;

namespace Fer.MLNet.Tests.Data;

public sealed class InMemoryDataViewTests
{
    [Fact]
    public void Cursor_SameSeed_SameOrder_AndAPermutation()
    {
        var view = CountingMapper.Numbers(100);

        var a = DataValues.Column<int>(view, "X", new Generator(7));
        var b = DataValues.Column<int>(view, "X", new Generator(7));

        a.Should().Equal(b);
        a.Order().Should().Equal(Enumerable.Range(0, 100));
        a.Should().NotEqual(Enumerable.Range(0, 100));
    }

    [Fact]
    public void Cursor_DifferentSeeds_DifferentOrders_RowsStayTogether()
    {
        var view = CountingMapper.Numbers(100);

        var a = DataValues.ReadAll(view, new Generator(7));
        var b = DataValues.ReadAll(view, new Generator(8));

        a["X"].Should().NotEqual(b["X"]);
        a.Rows.Should().OnlyContain(r => (string)r[1]! == $"n{(int)r[0]!}");
    }

    [Fact]
    public void Cursor_NoGenerator_StoredOrder()
    {
        DataValues.Column<int>(CountingMapper.Numbers(20), "X").Should().Equal(Enumerable.Range(0, 20));
    }

    [Fact]
    public void Cursor_InactiveColumn_Refused()
    {
        var view = CountingMapper.Numbers(3);
        using var cursor = view.GetRowCursor([view.Schema["X"]]);
        cursor.MoveNext();

        Action read = () => cursor.GetBoxedValue(view.Schema["Name"]);

        read.Should().Throw<InvalidOperationException>().WithMessage("*'Name'*not active*");
    }

    [Fact]
    public void Constructor_ValueOfWrongType_ThrowsNamingRowAndColumn()
    {
        var schema = new DataViewSchema.Builder().AddColumn("X", NumberDataViewType.Int32).ToSchema();

        Action make = () => _ = new InMemoryDataView(schema, [[1, 2, "three"]]);

        make.Should().Throw<ArgumentException>().WithMessage("Row 2, column 'X'*String*Int32*");
    }
}
