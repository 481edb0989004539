using Fer.Testing;
using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Losses;

public class BinaryCrossEntropyTests
{
    /// <summary>The textbook form -w [pw t log s(x) + (1 - t) log(1 - s(x))] in double.</summary>
    private static double Element(double x, double t, double w, double pw)
    {
        double s = 1 / (1 + Math.Exp(-x));
        return -w * (pw * t * Math.Log(s) + (1 - t) * Math.Log(1 - s));
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void Bce_WeightAndPosWeight_MatchesReferenceAndFiniteDifferences(Reduction reduction)
    {
        double[] w = [0.5, 1, 2], pw = [3, 1, 0.25];
        Tensor wt = Tensor.FromArray(w.Select(v => (float)v).ToArray()).Reshape(1, 3), pwt = Tensor.FromArray(pw.Select(v => (float)v).ToArray());
        GradCheck.Check(
            x => Nn.Losses.BinaryCrossEntropyWithLogits(x[0], x[1], wt, pwt, reduction),
            r =>
            {
                var e = new RefTensor(r[0].Shape);
                for (int i = 0; i < e.Data.Length; i++) e.Data[i] = Element(r[0].Data[i], r[1].Data[i], w[i % 3], pw[i % 3]);
                return reduction switch
                {
                    Reduction.None => e,
                    Reduction.Sum => new RefTensor([], [e.Data.Sum()]),
                    _ => new RefTensor([], [e.Data.Average()]),
                };
            },
            [GradCheck.Random(1, 4, 3).Mul(3f).Detach(), GradCheck.Random(2, 4, 3).Abs().Detach()]);
    }

    [Fact]
    public void Bce_LargeLogits_StableAndExact()
    {
        var x = Tensor.FromArray(100f, -100f, 100f, -100f, 30f);
        var t = Tensor.FromArray(1f, 0f, 0f, 1f, 1f);
        x.RequiresGrad = true;
        Tensor loss = Nn.Losses.BinaryCrossEntropyWithLogits(x, t, reduction: Reduction.None);
        Close.Check([0, 0, 100, 100, Math.Exp(-30)], loss.ToArray().Select(v => (double)v).ToArray(), 1e-20, 1e-6, "per-element loss");
        loss.Sum().Backward();
        Close.Check([0f, 0f, 1f, -1f, -(float)Math.Exp(-30)], x.Grad!.ToArray(), 1e-20, 1e-5, "gradient sigmoid(x) - t");
    }

    [Fact]
    public void Bce_BadTargets_Throw()
    {
        ((Func<Tensor>)(() => Nn.Losses.BinaryCrossEntropyWithLogits(Tensor.Zeros(3), Tensor.FromArray(0f, 1.5f, 0f))))
            .Should().Throw<ArgumentException>().WithMessage("*index 1 is 1.5*[0, 1]*");
        ((Func<Tensor>)(() => Nn.Losses.BinaryCrossEntropyWithLogits(Tensor.Zeros(3), Tensor.FromArray(0f, 0f, float.NaN))))
            .Should().Throw<ArgumentException>().WithMessage("*index 2 is NaN*");
        ((Func<Tensor>)(() => Nn.Losses.BinaryCrossEntropyWithLogits(Tensor.Zeros(2, 3), Tensor.Zeros(2, 3), posWeight: Tensor.Ones(2))))
            .Should().Throw<ArgumentException>().WithMessage("*posWeight*[2]*[2, 3]*");
        ((Func<Tensor>)(() => Nn.Losses.BinaryCrossEntropyWithLogits(Tensor.Zeros(2, 3), Tensor.Zeros(3))))
            .Should().Throw<ArgumentException>().WithMessage("*[3]*[2, 3]*");
    }
}
