using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Core;

public class IndexingTests
{
    [Fact]
    public void IndexSelect_RepeatedIndices_AccumulateGradient()
        => GradCheck.Check(x => x[0].IndexSelect(1, [2, 0, 2]), r =>
        {
            var a = r[0];
            var o = new RefTensor(a.Shape[0], 3, a.Shape[2]);
            int[] idx = [2, 0, 2];
            foreach (int[] i in RefOps.Indices(o.Shape)) o[i] = a[i[0], idx[i[1]], i[2]];
            return o;
        }, [GradCheck.Random(1, 2, 3, 4)]);

    [Fact]
    public void Gather_Dim1_MatchesReference()
    {
        var index = Tensor.FromArray([0f, 2f, 1f, 1f, 0f, 0f], 3, 2);
        GradCheck.Check(x => x[0].Gather(1, index), r =>
        {
            var a = r[0];
            var o = new RefTensor(3, 2);
            float[] iv = index.ToArray();
            foreach (int[] i in RefOps.Indices(o.Shape)) o[i] = a[i[0], (int)iv[i[0] * 2 + i[1]]];
            return o;
        }, [GradCheck.Random(2, 3, 4)]);
    }

    [Fact]
    public void Gather_OutOfRange_Throws()
    {
        var act = () => Tensor.Zeros(2, 3).Gather(1, Tensor.FromArray([3f], 1, 1));
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*index 3*");
    }

    [Fact]
    public void Concat_Stack_Split_RoundTrip()
    {
        var a = GradCheck.Random(1, 2, 3);
        var b = GradCheck.Random(2, 2, 5);
        var c = Tensor.Concat([a, b], 1);
        c.Shape.ToArray().Should().Equal(2, 8);
        var parts = c.Split([3, 5], 1);
        parts[0].ToArray().Should().Equal(a.ToArray());
        parts[1].ToArray().Should().Equal(b.ToArray());
        Tensor.Stack([a, a], 1).Shape.ToArray().Should().Equal(2, 2, 3);
        c.Chunk(3, 1).Select(t => t.Size(1)).Should().Equal(3, 3, 2);
    }

    [Fact]
    public void Concat_Gradient_SplitsBack()
        => GradCheck.Check(x => Tensor.Concat([x[0], x[1]], 0).Square(), r =>
        {
            var o = new RefTensor([r[0].Shape[0] + r[1].Shape[0], 3], [.. r[0].Data, .. r[1].Data]);
            return RefOps.Unary(o, v => v * v);
        }, [GradCheck.Random(3, 2, 3), GradCheck.Random(4, 1, 3)]);

    [Theory]
    [InlineData(PadMode.Constant)]
    [InlineData(PadMode.Reflect)]
    public void Pad_LastTwoDims_MatchesReference(PadMode mode)
        => GradCheck.Check(x => x[0].Pad([1, 2, 2, 0], mode, 0.5f), r =>
        {
            var a = r[0];
            int h = a.Shape[2], w = a.Shape[3];
            var o = new RefTensor(a.Shape[0], a.Shape[1], h + 2, w + 3);
            foreach (int[] i in RefOps.Indices(o.Shape))
            {
                int y = i[2] - 2, xx = i[3] - 1;
                bool outside = y < 0 || y >= h || xx < 0 || xx >= w;
                if (outside && mode == PadMode.Constant) { o[i] = 0.5; continue; }
                y = y < 0 ? -y : y >= h ? 2 * (h - 1) - y : y;
                xx = xx < 0 ? -xx : xx >= w ? 2 * (w - 1) - xx : xx;
                o[i] = a[i[0], i[1], y, xx];
            }
            return o;
        }, [GradCheck.Random(5, 1, 2, 4, 3)]);

    [Fact]
    public void Pad_ReflectTooLarge_Throws()
    {
        var act = () => Tensor.Zeros(1, 3).Pad([3, 0], PadMode.Reflect);
        act.Should().Throw<ArgumentException>().WithMessage("*reflect*");
    }
}
