using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Core;

public class MatMulTests
{
    public static TheoryData<int[], int[]> Shapes => new()
    {
        { new[] { 3, 4 }, new[] { 4, 5 } },
        { new[] { 1, 7 }, new[] { 7, 1 } },
        { new[] { 2, 3, 4 }, new[] { 2, 4, 5 } },
        { new[] { 2, 3, 4 }, new[] { 4, 2 } },
        { new[] { 3, 1, 2, 4 }, new[] { 2, 4, 3 } },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatMul_MatchesReferenceAndFiniteDifferences(int[] sa, int[] sb)
        => GradCheck.Check(x => x[0].MatMul(x[1]), r => RefOps.MatMul(r[0], r[1]), [GradCheck.Random(1, sa), GradCheck.Random(2, sb)]);

    [Fact]
    public void MatMul_TransposedOperands_UseStridesCorrectly()
        => GradCheck.Check(x => x[0].T().MatMul(x[1].T()), r =>
        {
            var at = new RefTensor(r[0].Shape[1], r[0].Shape[0]);
            foreach (int[] i in RefOps.Indices(at.Shape)) at[i] = r[0][i[1], i[0]];
            var bt = new RefTensor(r[1].Shape[1], r[1].Shape[0]);
            foreach (int[] i in RefOps.Indices(bt.Shape)) bt[i] = r[1][i[1], i[0]];
            return RefOps.MatMul(at, bt);
        }, [GradCheck.Random(3, 4, 3), GradCheck.Random(4, 5, 4)]);

    [Fact]
    public void MatMul_Vectors_FollowPyTorchRules()
    {
        var m = Tensor.Arange(0, 6).Reshape(2, 3);
        var v = Tensor.FromArray(1f, 2f, 3f);
        m.MatMul(v).ToArray().Should().Equal(8f, 26f);
        v.MatMul(v).Item().Should().Be(14f);
        Tensor.FromArray(1f, 1f).MatMul(m).ToArray().Should().Equal(3f, 5f, 7f);
    }

    [Fact]
    public void MatMul_InnerMismatch_Throws()
    {
        var act = () => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 2));
        act.Should().Throw<ArgumentException>().WithMessage("*inner dimensions*");
    }

    [Fact]
    public void Linear_MatchesReference()
        => GradCheck.Check(x => Tensor.Linear(x[0], x[1], x[2]), r =>
        {
            var (xi, w, b) = (r[0], r[1], r[2]);
            var o = new RefTensor(xi.Shape[0], xi.Shape[1], w.Shape[0]);
            foreach (int[] i in RefOps.Indices(o.Shape))
            {
                double s = b[i[2]];
                for (int k = 0; k < w.Shape[1]; k++) s += xi[i[0], i[1], k] * w[i[2], k];
                o[i] = s;
            }
            return o;
        }, [GradCheck.Random(5, 2, 3, 4), GradCheck.Random(6, 5, 4), GradCheck.Random(7, 5)]);
}
