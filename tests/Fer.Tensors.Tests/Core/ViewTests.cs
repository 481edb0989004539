using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Core;

public class ViewTests
{
    [Fact]
    public void Reshape_Contiguous_SharesStorage()
    {
        var x = Tensor.Arange(0, 12);
        var y = x.Reshape(3, -1);
        y.Shape.ToArray().Should().Equal(3, 4);
        y[1, 2] = 100f;
        x[6].Should().Be(100f);
    }

    [Fact]
    public void Reshape_WrongCount_ThrowsNamingShapes()
    {
        var act = () => Tensor.Zeros(2, 3).Reshape(4, 2);
        act.Should().Throw<ArgumentException>().WithMessage("*[4, 2]*[2, 3]*");
    }

    [Fact]
    public void Permute_ValuesAndGradient()
    {
        GradCheck.Check(x => x[0].Permute(2, 0, 1).Mul(x[1]), r =>
        {
            var a = r[0];
            var p = new RefTensor(a.Shape[2], a.Shape[0], a.Shape[1]);
            foreach (int[] i in RefOps.Indices(p.Shape)) p[i] = a[i[1], i[2], i[0]];
            return RefOps.Binary(p, r[1], (u, v) => u * v);
        }, [GradCheck.Random(1, 2, 3, 4), GradCheck.Random(2, 4, 2, 3)]);
    }

    [Fact]
    public void Transpose_IsViewAndContiguousCopies()
    {
        var x = Tensor.Arange(0, 6).Reshape(2, 3);
        var t = x.T();
        t.IsContiguous.Should().BeFalse();
        t.ToArray().Should().Equal(0, 3, 1, 4, 2, 5);
        t.Contiguous().IsContiguous.Should().BeTrue();
    }

    [Fact]
    public void Slice_WithStep_ValuesAndGradient()
    {
        GradCheck.Check(x => x[0].Slice(1, 1, 6, 2).Square(), r =>
        {
            var a = r[0];
            var s = new RefTensor(a.Shape[0], 3);
            for (int i = 0; i < a.Shape[0]; i++)
                for (int j = 0; j < 3; j++) s[i, j] = a[i, 1 + 2 * j] * a[i, 1 + 2 * j];
            return s;
        }, [GradCheck.Random(3, 3, 7)]);
    }

    [Fact]
    public void Select_RemovesDimension()
    {
        var x = Tensor.Arange(0, 24).Reshape(2, 3, 4);
        var s = x.Select(1, -1);
        s.Shape.ToArray().Should().Equal(2, 4);
        s.ToArray().Should().Equal(8, 9, 10, 11, 20, 21, 22, 23);
    }

    [Fact]
    public void Expand_BroadcastsAndSumsGradient()
    {
        GradCheck.Check(x => x[0].Expand(2, 3, 4).Mul(x[1]), r =>
        {
            var e = RefOps.Binary(r[0], new RefTensor([2, 3, 4], new double[24]), (u, _) => u);
            return RefOps.Binary(e, r[1], (u, v) => u * v);
        }, [GradCheck.Random(4, 3, 1), GradCheck.Random(5, 2, 3, 4)]);
    }

    [Fact]
    public void SqueezeUnsqueezeFlatten_Shapes()
    {
        var x = Tensor.Zeros(2, 1, 3, 4);
        x.Squeeze(1).Shape.ToArray().Should().Equal(2, 3, 4);
        x.Unsqueeze(-1).Shape.ToArray().Should().Equal(2, 1, 3, 4, 1);
        x.Flatten(1).Shape.ToArray().Should().Equal(2, 12);
        x.Squeeze().Shape.ToArray().Should().Equal(2, 3, 4);
        var act = () => x.Squeeze(0);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Item_AndIndexer_CheckBounds()
    {
        var x = Tensor.Arange(0, 4).Reshape(2, 2);
        x[1, -1].Should().Be(3f);
        var act = () => x[2, 0];
        act.Should().Throw<IndexOutOfRangeException>();
        var act2 = () => x.Item();
        act2.Should().Throw<InvalidOperationException>();
    }
}
