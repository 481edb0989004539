using Fer.Testing;
using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Pooling;

public class AdaptiveAvgPool2dTests
{
    [Theory]
    [InlineData(7, 9, 3, 5)]   // overlapping bins
    [InlineData(5, 5, 3, 2)]   // overlapping bins
    [InlineData(6, 8, 3, 4)]   // exact division
    [InlineData(3, 2, 5, 4)]   // output larger than input
    [InlineData(7, 6, 1, 1)]   // global average
    [InlineData(4, 7, 1, 3)]
    public void AdaptiveAvgPool2d_Bins_MatchReferenceAndFiniteDifferences(int h, int w, int oh, int ow)
        => GradCheck.Check(t => Functional.AdaptiveAvgPool2d(t[0], (oh, ow)), r => PoolRefOps.AdaptiveAvgPool(r[0], oh, ow),
            [GradCheck.Random(61, 2, 3, h, w)]);

    [Fact]
    public void GlobalAvgPool2d_EqualsMeanOverSpatialDims()
    {
        var x = GradCheck.Random(62, 3, 5, 7, 9);
        var g = Functional.GlobalAvgPool2d(x);
        g.Shape.ToArray().Should().Equal(3, 5, 1, 1);
        Close.Check(x.Mean([2, 3], keepDim: true).ToArray(), g.ToArray(), 1e-6, 1e-5, "global average");
    }

    [Fact]
    public void AdaptiveAvgPool2d_BadArguments_Throw()
    {
        var size = () => Functional.AdaptiveAvgPool2d(Tensor.Zeros(1, 1, 4, 4), (0, 2));
        size.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*outputSize*(0, 2)*");
        var empty = () => Functional.AdaptiveAvgPool2d(Tensor.Zeros(1, 1, 0, 4), 2);
        empty.Should().Throw<ArgumentException>().WithMessage("*[1, 1, 0, 4]*empty spatial size*");
        var rank = () => Functional.AdaptiveAvgPool2d(Tensor.Zeros(4, 4), 2);
        rank.Should().Throw<ArgumentException>().WithMessage("*[4, 4]*");
    }
}
