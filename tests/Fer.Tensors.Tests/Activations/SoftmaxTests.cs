using Fer.Testing;
using Fer.Tensors.Kernels.Activations;
using Fer.Tensors.Kernels.Reduction;
using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Activations;

public class SoftmaxTests
{
    private static RefTensor Reference(RefTensor x, int dim, bool log)
    {
        int d = dim < 0 ? dim + x.Rank : dim;
        var (outer, n, inner) = ReduceKernel.Split(x.Shape, d);
        return new RefTensor(x.Shape, SoftmaxReference.Forward(x.Data, outer, n, inner, log));
    }

    public static TheoryData<int[], int, bool> Cases => new()
    {
        { new[] { 4, 7 }, 1, false },
        { new[] { 4, 7 }, -1, true },
        { new[] { 3, 4, 5 }, 1, false },
        { new[] { 3, 4, 5 }, 1, true },
        { new[] { 3, 4, 5 }, 0, true },
        { new[] { 6 }, 0, false },
        { new[] { 2, 3, 2, 2 }, 1, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Softmax_Dims_MatchReferenceAndFiniteDifferences(int[] shape, int dim, bool log)
        => GradCheck.Check(
            x => log ? Functional.LogSoftmax(x[0], dim) : Functional.Softmax(x[0], dim),
            r => Reference(r[0], dim, log),
            [GradCheck.Random(11, shape).Mul(3f).Detach()]);

    [Fact]
    public void Softmax_LargeLogits_StableAndExact()
    {
        var x = Tensor.FromArray([1000f, -1000f, 999f, 0f, 1000f, 1000f], 2, 3);
        float[] p = Functional.Softmax(x, 1).ToArray();
        p.Should().OnlyContain(v => float.IsFinite(v));
        double e1 = 1 / (1 + Math.Exp(-1));
        Close.Check([e1, 0, 1 - e1, 0, 0.5, 0.5], p.Select(v => (double)v).ToArray(), 1e-7, 1e-6, "softmax of large logits");

        float[] lp = Functional.LogSoftmax(x, 1).ToArray();
        lp.Should().OnlyContain(v => float.IsFinite(v));
        Close.Check([-Math.Log(1 + Math.Exp(-1)), -2000 - Math.Log(1 + Math.Exp(-1)), -1 - Math.Log(1 + Math.Exp(-1)), -1000 - Math.Log(2), -Math.Log(2), -Math.Log(2)],
            lp.Select(v => (double)v).ToArray(), 1e-5, 1e-6, "log_softmax of large logits");
    }

    [Fact]
    public void Softmax_LargeLogits_GradientFinite()
    {
        var x = Tensor.FromArray([1000f, -1000f, 0f, -1000f, 1000f, 3f], 2, 3);
        x.RequiresGrad = true;
        Functional.LogSoftmax(x, 1).Select(1, 0).Sum().Backward();
        float[] g = x.Grad!.ToArray();
        // Row 0 puts all mass on column 0 (d log p0 = 0); row 1 on column 1 (d log p0 = e0 - e1).
        Close.Check([0f, 0f, 0f, 1f, -1f, 0f], g, 1e-6, 0, "gradient of log p of column 0");
    }

    [Fact]
    public void Softmax_NaNInRow_GivesNaNRowOnly()
    {
        var x = Tensor.FromArray([1f, float.NaN, 2f, 1f, 2f, 3f], 2, 3);
        float[] p = Functional.Softmax(x, 1).ToArray();
        p.Take(3).Should().OnlyContain(v => float.IsNaN(v));
        p.Skip(3).Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Softmax_LongRowsAndNonContiguous_MatchReference()
    {
        Tensor x = GradCheck.Random(4, 37, 1003).Mul(20f).T();
        x.IsContiguous.Should().BeFalse();
        foreach (bool log in new[] { false, true })
        {
            foreach (int dim in new[] { 0, 1 })
            {
                float[] y = (log ? Functional.LogSoftmax(x, dim) : Functional.Softmax(x, dim)).ToArray();
                RefTensor expected = Reference(RefTensor.From(x), dim, log);
                Close.Check(expected.Data, y.Select(v => (double)v).ToArray(), 1e-6, 2e-5, $"log={log} dim={dim}");
            }
        }
    }

    [Fact]
    public void Softmax_EmptyTensors_GiveEmptyResults()
    {
        foreach (int[] shape in new[] { new[] { 0, 5 }, new[] { 3, 0 }, new[] { 2, 0, 3 } })
        {
            var x = Tensor.Zeros(shape);
            x.RequiresGrad = true;
            Tensor y = Functional.LogSoftmax(x, 1);
            y.Shape.ToArray().Should().Equal(shape);
            y.Backward(Tensor.Zeros(shape));
            x.Grad!.ElementCount.Should().Be(0);
        }
    }

    [Fact]
    public void Softmax_BadDim_Throws()
    {
        var act = () => Functional.Softmax(Tensor.Zeros(2, 3), 2);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Dimension 2*rank 2*");
    }
}
