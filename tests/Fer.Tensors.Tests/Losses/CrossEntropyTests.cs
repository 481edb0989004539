using Fer.Testing;
using Fer.Tensors.Kernels.Losses;
using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Losses;

public class CrossEntropyTests
{
    private static readonly int[] Targets = [2, 0, 3, 1, 3];

    private static RefTensor Wrap(double[] v, Reduction r) => r == Reduction.None ? new RefTensor([v.Length], v) : new RefTensor([], v);

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void CrossEntropy_IndexTargets_MatchesReferenceAndFiniteDifferences(Reduction reduction)
        => GradCheck.Check(
            x => Nn.Losses.CrossEntropy(x[0], Targets, reduction: reduction),
            r => Wrap(CrossEntropyReference.Index(r[0].Data, 5, 4, Targets, null, 0, null, reduction), reduction),
            [GradCheck.Random(1, 5, 4).Mul(3f).Detach()]);

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void CrossEntropy_WeightsSmoothingIgnoreIndex_MatchesReferenceAndFiniteDifferences(Reduction reduction)
    {
        int[] targets = [2, -100, 3, 1, 0, -100];
        Tensor w = Tensor.FromArray(0.5f, 2f, 1f, 3f);
        double[] wd = [0.5, 2, 1, 3];
        GradCheck.Check(
            x => Nn.Losses.CrossEntropy(x[0], targets, w, labelSmoothing: 0.2f, ignoreIndex: -100, reduction: reduction),
            r => Wrap(CrossEntropyReference.Index(r[0].Data, 6, 4, targets, wd, 0.2, -100, reduction), reduction),
            [GradCheck.Random(2, 6, 4).Mul(2f).Detach()]);
    }

    [Fact]
    public void CrossEntropy_SmoothingWithoutWeights_DividesByCountedRows()
    {
        // Hand-derived: mean over counted rows of 0.7 * nll + 0.3 * mean_k(-log p_k); the ignored row adds nothing.
        var x = Tensor.FromArray([1f, 2f, 3f, 0f, 0f, 0f, 5f, -5f, 0f], 3, 3);
        double[] lp0 = [1 - LogSumExp(1, 2, 3), 2 - LogSumExp(1, 2, 3), 3 - LogSumExp(1, 2, 3)];
        double row0 = 0.7 * -lp0[2] + 0.3 * -lp0.Average();
        double row1 = 0.7 * Math.Log(3) + 0.3 * Math.Log(3);
        float loss = Nn.Losses.CrossEntropy(x, [2, 1, 7], labelSmoothing: 0.3f, ignoreIndex: 7).Item();
        loss.Should().BeApproximately((float)((row0 + row1) / 2), 1e-6f);
    }

    private static double LogSumExp(params double[] v) => Math.Log(v.Sum(Math.Exp));

    [Fact]
    public void CrossEntropy_ProbabilityTargets_MatchesReferenceAndFiniteDifferencesForBoth()
    {
        Tensor q = GradCheck.Random(3, 4, 5).Abs().Detach();
        double[] wd = [1, 0.5, 2, 1.5, 1];
        Tensor w = Tensor.FromArray(wd.Select(v => (float)v).ToArray());
        GradCheck.Check(
            x => Nn.Losses.CrossEntropy(x[0], x[1], w, labelSmoothing: 0.1f),
            r => new RefTensor([], CrossEntropyReference.Probability(r[0].Data, r[1].Data, 4, 5, wd, 0.1, Reduction.Mean)),
            [GradCheck.Random(4, 4, 5).Mul(2f).Detach(), q]);
        GradCheck.Check(
            x => Nn.Losses.CrossEntropy(x[0], x[1], reduction: Reduction.None),
            r => new RefTensor([4], CrossEntropyReference.Probability(r[0].Data, r[1].Data, 4, 5, null, 0, Reduction.None)),
            [GradCheck.Random(5, 4, 5), q.CloneData()]);
    }

    [Fact]
    public void CrossEntropy_OneHotProbabilities_EqualIndexTargets()
    {
        Tensor x = GradCheck.Random(6, 5, 4).Mul(4f);
        var onehot = Tensor.Zeros(5, 4);
        for (int i = 0; i < 5; i++) onehot[i, Targets[i]] = 1f;
        Nn.Losses.CrossEntropy(x, onehot, labelSmoothing: 0.1f).Item()
            .Should().BeApproximately(Nn.Losses.CrossEntropy(x, Targets, labelSmoothing: 0.1f).Item(), 1e-6f);
    }

    [Fact]
    public void CrossEntropy_EqualsLogSoftmaxThenNll()
    {
        Tensor x = GradCheck.Random(7, 5, 4).Mul(4f);
        Tensor w = Tensor.FromArray(1f, 2f, 0.5f, 1f);
        float fused = Nn.Losses.CrossEntropy(x, Targets, w).Item();
        float composed = Nn.Losses.Nll(Functional.LogSoftmax(x, 1), Targets, w).Item();
        fused.Should().BeApproximately(composed, 1e-6f);
    }

    [Fact]
    public void CrossEntropy_LargeLogits_FiniteAndMatchesReferenceTwin()
    {
        const int n = 64, c = 1000;
        Tensor x = GradCheck.Random(8, n, c).Mul(500f).Detach();
        int[] t = Enumerable.Range(0, n).Select(i => i * 37 % c).ToArray();
        x.RequiresGrad = true;
        Tensor loss = Nn.Losses.CrossEntropy(x, t, labelSmoothing: 0.1f);
        loss.Backward();
        double expected = CrossEntropyReference.Index(RefTensor.From(x).Data, n, c, t, null, 0.1, null, Reduction.Mean)[0];
        ((double)loss.Item()).Should().BeApproximately(expected, 1e-5 * Math.Abs(expected));
        x.Grad!.ToArray().Should().OnlyContain(v => float.IsFinite(v));
        // Each row's gradient sums to 0 (softmax minus a unit of target mass), scaled by 1/N.
        float[] g = x.Grad!.ToArray();
        for (int i = 0; i < n; i++) Math.Abs(g.Skip(i * c).Take(c).Sum()).Should().BeLessThan(1e-6f);
    }

    [Fact]
    public void CrossEntropy_AllIgnored_MeanIsNaNAsPyTorch()
        => float.IsNaN(Nn.Losses.CrossEntropy(Tensor.Zeros(2, 3), [-1, -1], ignoreIndex: -1).Item()).Should().BeTrue();

    [Fact]
    public void CrossEntropy_BadInput_ThrowsNamingRowAndValue()
    {
        Tensor x = Tensor.Zeros(3, 4);
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, [0, 4, 1]))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*row 1 is 4*[0, 4)*");
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, [0, -100, 1]))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*row 1 is -100*");
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, [0, 1]))).Should().Throw<ArgumentException>().WithMessage("*2 targets for 3 rows*");
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, [0, 1, 2], Tensor.Ones(3)))).Should().Throw<ArgumentException>().WithMessage("*weights*[3]*expected [4]*");
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(Tensor.Zeros(3), [0, 1, 2]))).Should().Throw<ArgumentException>().WithMessage("*[N, C]*");
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, [0, 1, 2], labelSmoothing: 1.5f))).Should().Throw<ArgumentOutOfRangeException>();
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, [0, 1, 2], reduction: Reduction.BatchMean))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*KlDivergence*");
        var q = Tensor.Full(0.25f, 3, 4);
        q[2, 1] = -0.1f;
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, q))).Should().Throw<ArgumentException>().WithMessage("*row 2, column 1*-0.1*");
        q[2, 1] = float.NaN;
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, q))).Should().Throw<ArgumentException>().WithMessage("*row 2, column 1*NaN*");
        ((Func<Tensor>)(() => Nn.Losses.CrossEntropy(x, Tensor.Zeros(3, 5)))).Should().Throw<ArgumentException>().WithMessage("*[3, 5]*[3, 4]*");
    }
}
