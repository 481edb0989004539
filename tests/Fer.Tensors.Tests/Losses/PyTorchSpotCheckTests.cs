using Fer.Testing;
using Fer.Tensors.Nn;
using static Fer.Tensors.Tests.Losses.PyTorchReference;

namespace Fer.Tensors.Tests.Losses;

/// <summary>
/// Values printed by PyTorch 1.13 (Debian python3-torch) for the same inputs, e.g.
/// <c>F.cross_entropy(logits, t, weight=w, label_smoothing=0.2, ignore_index=-100)</c>; see each test.
/// </summary>
public class PyTorchSpotCheckTests
{
    [Fact]
    public void CrossEntropy_WeightsSmoothingIgnore_MatchesPyTorch()
    {
        // logits = f(20, .9, .4, 3).reshape(5,4); w = [.5, 2, 1, 3]; t = [2, -100, 3, 1, 0]
        Tensor logits = T(20, 0.9, 0.4, 3.0, 5, 4);
        logits.RequiresGrad = true;
        Tensor loss = Nn.Losses.CrossEntropy(logits, [2, -100, 3, 1, 0], Tensor.FromArray(0.5f, 2f, 1f, 3f), 0.2f, -100);
        loss.Backward();
        loss.Item().Should().BeApproximately(3.9384389f, 2e-6f);
        Close.Check([0.012690979f, 0.077191204f, -0.072629891f, -0.017252292f], logits.Grad!.ToArray().AsSpan(0, 4), 1e-7, 1e-5, "grad row 0");
        logits.Grad!.ToArray().AsSpan(4, 4).ToArray().Should().OnlyContain(v => v == 0f, "the ignored row gets no gradient");
    }

    [Fact]
    public void KlDivergence_BatchMean_MatchesPyTorch()
    {
        // lq = log_softmax(f(12, .8, .5).reshape(3,4), 1); p = softmax(f(12, 1.1, .2, 1.5).reshape(3,4), 1)
        Tensor lq = Functional.LogSoftmax(T(12, 0.8, 0.5, 2.0, 3, 4), 1);
        Tensor p = Functional.Softmax(T(12, 1.1, 0.2, 1.5, 3, 4), 1);
        Nn.Losses.KlDivergence(lq, p, Reduction.BatchMean).Item().Should().BeApproximately(0.29160076f, 1e-6f);
        Nn.Losses.KlDivergence(lq, p.Log(), Reduction.BatchMean, logTarget: true).Item().Should().BeApproximately(0.29160076f, 1e-6f);
    }

    [Fact]
    public void TripletMargin_Swap_MatchesPyTorch()
    {
        // a = f(12, .6, .1); p = f(12, .6, .9); n = p + f(12, 1.7, .3, .3); all reshaped (4, 3); margin 1
        Tensor a = T(12, 0.6, 0.1, 2.0, 4, 3), p = T(12, 0.6, 0.9, 2.0, 4, 3);
        Tensor n = p.Add(T(12, 1.7, 0.3, 0.3, 4, 3));
        Close.Check([2.2238901f, 2.9797649f, 1.8363873f, 3.0483427f], Nn.Losses.TripletMargin(a, p, n, swap: true, reduction: Reduction.None).ToArray(), 1e-6, 1e-5, "swap");
        Close.Check([0.76091242f, 1.1226585f, 0.60264325f, 1.1379366f], Nn.Losses.TripletMargin(a, p, n, reduction: Reduction.None).ToArray(), 1e-6, 1e-5, "no swap");
    }

    [Fact]
    public void BatchNorm2d_TwoTrainingSteps_MatchesPyTorch()
    {
        // bn = BatchNorm2d(3); bn(f(48, .7, .3).reshape(4,3,2,2) + 1); y = bn(x2 = f(48, 1.3, .1, 3).reshape(4,3,2,2));
        // (y * f(48, .5, .2).reshape(4,3,2,2)).sum().backward()
        var bn = new BatchNorm2d(3);
        bn.Forward(T(48, 0.7, 0.3, 2.0, 4, 3, 2, 2).Add(1f));
        Tensor x2 = T(48, 1.3, 0.1, 3.0, 4, 3, 2, 2);
        x2.RequiresGrad = true;
        bn.Forward(x2).Mul(T(48, 0.5, 0.2, 2.0, 4, 3, 2, 2)).Sum().Backward();
        Close.Check([0.12128035f, 0.063947484f, 0.11451671f], bn.RunningMean!.ToArray(), 1e-7, 1e-6, "running_mean");
        Close.Check([1.3890953f, 1.4711338f, 1.5662512f], bn.RunningVar!.ToArray(), 1e-7, 1e-6, "running_var (unbiased batch variance)");
        Close.Check([-0.22026514f, 0.19838963f, 0.52630311f, 0.64856744f, 0.27715614f, -0.021119175f], x2.Grad!.ToArray().AsSpan(0, 6), 1e-6, 1e-5, "dx");
        Close.Check([1.0015255f, -1.3026769f, 1.9752618f], bn.Weight!.Grad!.ToArray(), 1e-6, 1e-5, "dweight");
    }

    [Fact]
    public void Gelu_Softplus_MatchPyTorch()
    {
        var g = Tensor.FromArray(-6f, -3f, -1f, -0.1f, 0.5f, 2f, 5f);
        // PyTorch's float GELU computes 1 + erf, which cancels for negative x: it prints 0 at -6 (true -5.9e-9) and
        // -0.0040498674 at -3 (true -0.0040496940, which we return); atol 3e-7 covers PyTorch's own error there.
        Close.Check([0f, -0.0040498674f, -0.15865529f, -0.046017211f, 0.3457312f, 1.9545f, 4.9999986f], Functional.Gelu(g).ToArray(), 3e-7, 2e-6, "gelu");
        Close.Check([0f, -0.0036374331f, -0.15880799f, -0.046017248f, 0.345714f, 1.9545977f, 4.9999995f],
            Functional.Gelu(g, GeluApproximation.Tanh).ToArray(), 1e-7, 2e-6, "gelu tanh");
        var s = Tensor.FromArray(-20f, -1f, 0f, 1.4f, 1.5f, 1.6f, 10f);
        // beta 2, threshold 3: 1.6 * 2 > 3 is linear, 1.5 * 2 = 3 is not.
        Close.Check([2.1241771e-18f, 0.063464001f, 0.34657359f, 1.4295164f, 1.5242937f, 1.6f, 10f], Functional.Softplus(s, 2f, 3f).ToArray(), 1e-24, 2e-6, "softplus");
    }
}
