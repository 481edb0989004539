using Fer.Testing;
using Fer.Tensors.Kernels.Normalization;
using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Normalization;

public class BatchNormTests
{
    private static (int N, int C, int S) Dims(int[] shape) => (shape[0], shape[1], RefTensor.Size(shape) / (shape[0] * shape[1]));

    private static RefTensor TrainReference(RefTensor x, RefTensor? w, RefTensor? b, double eps = 1e-5)
    {
        var (n, c, s) = Dims(x.Shape);
        var (mean, variance) = BatchNormReference.Moments(x.Data, n, c, s);
        return new RefTensor(x.Shape, BatchNormReference.Normalize(x.Data, n, c, s, mean, variance, w?.Data, b?.Data, eps));
    }

    public static TheoryData<int[]> Shapes => new() { new[] { 5, 3 }, new[] { 3, 2, 5 }, new[] { 2, 3, 2, 3 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BatchNorm_Training_MatchesReferenceAndFiniteDifferences(int[] shape)
    {
        int c = shape[1];
        GradCheck.Check(
            t => Functional.BatchNorm(t[0], null, null, t[1], t[2], training: true),
            r => TrainReference(r[0], r[1], r[2]),
            [GradCheck.Random(1, shape).Mul(2f).Add(0.5f).Detach(), GradCheck.Random(2, c).Add(1.5f).Detach(), GradCheck.Random(3, c)],
            forwardTol: 2e-5);
    }

    [Fact]
    public void BatchNorm_TrainingWithoutAffine_MatchesFiniteDifferences()
        => GradCheck.Check(t => Functional.BatchNorm(t[0], null, null, training: true), r => TrainReference(r[0], null, null),
            [GradCheck.Random(4, 4, 3, 3)], forwardTol: 2e-5);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BatchNorm_Eval_UsesRunningStatsAndMatchesFiniteDifferences(int[] shape)
    {
        int c = shape[1];
        Tensor rm = GradCheck.Random(5, c), rv = GradCheck.Random(6, c).Abs().Add(0.5f).Detach();
        var (n, _, s) = Dims(shape);
        double[] rmd = rm.ToArray().Select(v => (double)v).ToArray(), rvd = rv.ToArray().Select(v => (double)v).ToArray();
        GradCheck.Check(
            t => Functional.BatchNorm(t[0], rm, rv, t[1], t[2], training: false),
            r => new RefTensor(r[0].Shape, BatchNormReference.Normalize(r[0].Data, n, c, s, rmd, rvd, r[1].Data, r[2].Data, 1e-5)),
            [GradCheck.Random(7, shape), GradCheck.Random(8, c).Add(1f).Detach(), GradCheck.Random(9, c)]);
        rm.ToArray().Should().Equal(GradCheck.Random(5, c).ToArray(), "evaluation must not touch the running mean");
    }

    [Fact]
    public void BatchNorm_LargeOffsetAndLongRows_MatchesReferenceTwin()
    {
        // Mean 1000 with spread 1: a float E[x^2] - E[x]^2 would lose every digit here.
        int n = 4, c = 5, s = 37;
        Tensor x = GradCheck.Random(10, n, c, s).Add(1000f).Detach();
        Tensor g = GradCheck.Random(11, n, c, s);
        x.RequiresGrad = true;
        Tensor y = Functional.BatchNorm(x, null, null, training: true);
        y.Backward(g);
        double[] xd = x.ToArray().Select(v => (double)v).ToArray(), gd = g.ToArray().Select(v => (double)v).ToArray();
        var (mean, variance) = BatchNormReference.Moments(xd, n, c, s);
        Close.Check(BatchNormReference.Normalize(xd, n, c, s, mean, variance, null, null, 1e-5), y.ToArray().Select(v => (double)v).ToArray(), 2e-4, 1e-4, "forward");
        Close.Check(BatchNormReference.TrainInputGradient(xd, gd, n, c, s, null, 1e-5), x.Grad!.ToArray().Select(v => (double)v).ToArray(), 2e-4, 1e-3, "input gradient");
    }

    [Fact]
    public void BatchNorm1d_TwoTrainingSteps_RunningStatsMatchHandComputed()
    {
        var bn = new BatchNorm1d(2);
        // Step 1: channel means 3 and 6, unbiased variances 4 and 16.
        bn.Forward(Tensor.FromArray([1f, 2f, 3f, 6f, 5f, 10f], 3, 2));
        // Step 2: channel means 2 and 1, unbiased variances 4 and 0.
        bn.Forward(Tensor.FromArray([0f, 1f, 2f, 1f, 4f, 1f], 3, 2));
        // running = 0.9 * running + 0.1 * batch, from mean 0 and variance 1.
        Close.Check([0.9f * (0.9f * 0f + 0.3f) + 0.2f, 0.9f * (0.9f * 0f + 0.6f) + 0.1f], bn.RunningMean!.ToArray(), 1e-6, 1e-6, "running_mean");
        Close.Check([0.9f * (0.9f * 1f + 0.4f) + 0.4f, 0.9f * (0.9f * 1f + 1.6f) + 0f], bn.RunningVar!.ToArray(), 1e-6, 1e-6, "running_var");
        Close.Check([0.47f, 0.64f], bn.RunningMean!.ToArray(), 1e-6, 1e-6, "running_mean literal");
        Close.Check([1.57f, 2.25f], bn.RunningVar!.ToArray(), 1e-6, 1e-6, "running_var literal");
        bn.NumBatchesTracked!.Item().Should().Be(2f);
    }

    [Fact]
    public void BatchNorm1d_MomentumNull_RunningStatsAreCumulativeAverages()
    {
        var bn = new BatchNorm1d(2, momentum: null);
        bn.Forward(Tensor.FromArray([1f, 2f, 3f, 6f, 5f, 10f], 3, 2));
        Close.Check([3f, 6f], bn.RunningMean!.ToArray(), 1e-6, 1e-6, "after one step the running stats are the batch's");
        Close.Check([4f, 16f], bn.RunningVar!.ToArray(), 1e-5, 1e-6, "unbiased variance after one step");
        bn.Forward(Tensor.FromArray([0f, 1f, 2f, 1f, 4f, 1f], 3, 2));
        Close.Check([2.5f, 3.5f], bn.RunningMean!.ToArray(), 1e-6, 1e-6, "mean of the two batch means");
        Close.Check([4f, 8f], bn.RunningVar!.ToArray(), 1e-5, 1e-6, "mean of the two unbiased variances");
    }

    [Fact]
    public void BatchNorm1d_ThreeDimInput_UpdatesOverBatchAndLength()
    {
        var bn = new BatchNorm1d(3, momentum: 1f);
        Tensor x = GradCheck.Random(12, 4, 3, 6);
        bn.Forward(x);
        RefTensor r = RefTensor.From(x);
        var (mean, variance) = BatchNormReference.Moments(r.Data, 4, 3, 6);
        Close.Check(mean, bn.RunningMean!.ToArray().Select(v => (double)v).ToArray(), 1e-6, 1e-6, "running_mean = batch mean with momentum 1");
        Close.Check(variance.Select(v => v * 24 / 23).ToArray(), bn.RunningVar!.ToArray().Select(v => (double)v).ToArray(), 1e-6, 1e-5, "running_var = unbiased batch variance");
    }

    [Fact]
    public void BatchNorm2d_EvalMode_NormalisesWithRunningStats()
    {
        var bn = new BatchNorm2d(2);
        bn.Forward(GradCheck.Random(13, 3, 2, 4, 4).Mul(3f));
        bn.Eval();
        Tensor x = GradCheck.Random(14, 2, 2, 3, 3);
        float[] y = bn.Forward(x).ToArray(), rm = bn.RunningMean!.ToArray(), rv = bn.RunningVar!.ToArray(), xv = x.ToArray();
        var expected = new double[xv.Length];
        for (int i = 0; i < xv.Length; i++)
        {
            int ch = i / 9 % 2;
            expected[i] = (xv[i] - rm[ch]) / Math.Sqrt(rv[ch] + 1e-5);
        }
        Close.Check(expected, y.Select(v => (double)v).ToArray(), 1e-6, 1e-5, "eval output");
        bn.NumBatchesTracked!.Item().Should().Be(1f, "evaluation does not count steps");
    }

    [Fact]
    public void BatchNorm_WithoutRunningStats_UsesBatchStatsInEval()
    {
        var bn = new BatchNorm2d(2, trackRunningStats: false);
        bn.StateDict().Keys.Should().Equal("weight", "bias");
        bn.Eval();
        Tensor x = GradCheck.Random(15, 2, 2, 3, 3);
        bn.Forward(x).ToArray().Should().Equal(Functional.BatchNorm(x, null, null, bn.Weight, bn.Bias, training: true).ToArray());
    }

    [Fact]
    public void BatchNorm2d_StateDict_HasPyTorchNamesAndShapes()
    {
        var bn = new BatchNorm2d(4);
        var sd = bn.StateDict();
        sd.Keys.Should().Equal("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        sd["num_batches_tracked"].Rank.Should().Be(0);
        sd["running_var"].ToArray().Should().OnlyContain(v => v == 1f);
        bn.Parameters().Should().HaveCount(2);
        new BatchNorm2d(4, affine: false).Parameters().Should().BeEmpty();
    }

    [Fact]
    public void BatchNorm_BadInput_ThrowsNamingShapes()
    {
        var bn2 = new BatchNorm2d(3);
        ((Func<Tensor>)(() => bn2.Forward(Tensor.Zeros(2, 3, 4)))).Should().Throw<ArgumentException>().WithMessage("*[N, C, H, W]*[2, 3, 4]*");
        ((Func<Tensor>)(() => bn2.Forward(Tensor.Zeros(2, 4, 2, 2)))).Should().Throw<ArgumentException>().WithMessage("*dimension 1 must be 3*");
        ((Func<Tensor>)(() => new BatchNorm1d(3).Forward(Tensor.Zeros(1, 3)))).Should().Throw<ArgumentException>().WithMessage("*more than 1 value per channel*[1, 3]*");
        ((Func<Tensor>)(() => Functional.BatchNorm(Tensor.Zeros(2, 3), null, null, Tensor.Ones(4), training: true)))
            .Should().Throw<ArgumentException>().WithMessage("*weight*[4]*expected [3]*");
        ((Func<Tensor>)(() => Functional.BatchNorm(Tensor.Zeros(2, 3), null, null, training: false))).Should().Throw<ArgumentException>().WithMessage("*evaluation*");
        ((Func<Tensor>)(() => Functional.BatchNorm(Tensor.Zeros(2, 3), Tensor.Zeros(3), null, training: true))).Should().Throw<ArgumentException>().WithMessage("*both*");
        ((Func<Tensor>)(() => Functional.BatchNorm(Tensor.Zeros(3), null, null, training: true))).Should().Throw<ArgumentException>().WithMessage("*[N, C, *]*");
        ((Func<Module>)(() => new BatchNorm2d(0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void BatchNorm_NonContiguousInput_MatchesContiguous()
    {
        Tensor x = GradCheck.Random(16, 3, 4, 5).Transpose(0, 2).Transpose(1, 2);
        x.IsContiguous.Should().BeFalse();
        Functional.BatchNorm(x, null, null, training: true).ToArray().Should().Equal(Functional.BatchNorm(x.Contiguous(), null, null, training: true).ToArray());
    }
}
