using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Core;

public class ReductionTests
{
    public static TheoryData<int[], int[], bool> SumCases => new()
    {
        { new[] { 3, 4 }, new[] { 1 }, false },
        { new[] { 3, 4 }, new[] { 0 }, true },
        { new[] { 2, 3, 4, 5 }, new[] { 0, 2, 3 }, false },
        { new[] { 2, 3, 4 }, new[] { 0, 1, 2 }, false },
        { new[] { 2, 1, 4 }, new[] { 1 }, true },
    };

    [Theory]
    [MemberData(nameof(SumCases))]
    public void Sum_Dims_MatchesReferenceAndFiniteDifferences(int[] shape, int[] dims, bool keepDim)
        => GradCheck.Check(x => x[0].Sum(dims, keepDim), r => RefOps.Sum(r[0], dims, keepDim), [GradCheck.Random(1, shape)]);

    [Fact]
    public void Mean_Var_MatchReference()
    {
        GradCheck.Check(x => x[0].Mean([0, 2], keepDim: true), r =>
        {
            var s = RefOps.Sum(r[0], [0, 2], true);
            return RefOps.Unary(s, v => v / 8);
        }, [GradCheck.Random(2, 2, 3, 4)]);

        GradCheck.Check(x => x[0].Var(1), r =>
        {
            var a = r[0];
            var o = new RefTensor(a.Shape[0]);
            for (int i = 0; i < a.Shape[0]; i++)
            {
                double m = 0;
                for (int j = 0; j < a.Shape[1]; j++) m += a[i, j];
                m /= a.Shape[1];
                double v = 0;
                for (int j = 0; j < a.Shape[1]; j++) v += (a[i, j] - m) * (a[i, j] - m);
                o[i] = v / (a.Shape[1] - 1);
            }
            return o;
        }, [GradCheck.Random(3, 4, 6)]);
    }

    [Fact]
    public void Max_ReturnsFirstIndexAndRoutesGradient()
    {
        var x = Tensor.FromArray([1f, 5f, 5f, 2f, -1f, 0f], 2, 3);
        x.RequiresGrad = true;
        var (values, indices) = x.Max(1);
        values.ToArray().Should().Equal(5f, 2f);
        indices.ToArray().Should().Equal(1f, 0f);
        values.Sum().Backward();
        x.Grad!.ToArray().Should().Equal(0f, 1f, 0f, 1f, 0f, 0f);
    }

    [Fact]
    public void ArgMax_NaNWins()
    {
        var x = Tensor.FromArray([1f, float.NaN, 3f], 1, 3);
        x.ArgMaxRows().Should().Equal(1);
    }

    [Fact]
    public void Sum_LargeRows_IsDeterministicAcrossThreadCounts()
    {
        var x = GradCheck.Random(9, 64, 4097);
        int old = Fer.Tensors.Threading.Parallelism.ThreadCount;
        try
        {
            Fer.Tensors.Threading.Parallelism.ThreadCount = 1;
            float[] one = x.Sum(1).ToArray();
            Fer.Tensors.Threading.Parallelism.ThreadCount = 2;
            x.Sum(1).ToArray().Should().Equal(one);
        }
        finally
        {
            Fer.Tensors.Threading.Parallelism.ThreadCount = old;
        }
    }

    [Fact]
    public void SumTo_ReducesBroadcastDims()
    {
        var x = Tensor.Ones(2, 3, 4);
        x.SumTo([3, 1]).ToArray().Should().Equal(8f, 8f, 8f);
        var act = () => x.SumTo([5]);
        act.Should().Throw<ArgumentException>();
    }
}
