using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Pooling;

public class UpsampleTests
{
    [Theory]
    [InlineData(3, 4, 6, 8)]    // exact 2x
    [InlineData(4, 5, 7, 13)]   // non-integer ratios
    [InlineData(6, 7, 4, 3)]    // down
    [InlineData(5, 5, 5, 5)]    // identity
    public void Upsample_NearestSize_MatchesReferenceAndFiniteDifferences(int h, int w, int oh, int ow)
        => GradCheck.Check(t => Functional.Upsample(t[0], size: (oh, ow)), r => PoolRefOps.Nearest(r[0], oh, ow),
            [GradCheck.Random(71, 2, 2, h, w)]);

    [Theory]
    [InlineData(2.0, 2.0)]
    [InlineData(1.5, 2.5)]
    [InlineData(0.5, 0.75)]
    public void Upsample_NearestScale_MatchesReferenceAndFiniteDifferences(double sh, double sw)
    {
        int h = 4, w = 6;
        int oh = (int)Math.Floor(h * sh), ow = (int)Math.Floor(w * sw);
        GradCheck.Check(t => Functional.Upsample(t[0], null, (sh, sw)), r => PoolRefOps.Nearest(r[0], oh, ow, sh, sw),
            [GradCheck.Random(72, 1, 2, h, w)]);
    }

    [Theory]
    [InlineData(3, 4, 6, 8, false)]   // up 2x, half-pixel
    [InlineData(4, 5, 9, 7, false)]   // up, odd ratios
    [InlineData(8, 9, 5, 4, false)]   // down
    [InlineData(3, 4, 7, 9, true)]    // up, align corners
    [InlineData(7, 6, 3, 4, true)]    // down, align corners
    [InlineData(4, 4, 1, 2, true)]    // a single output row with align corners
    public void Upsample_BilinearSize_MatchesReferenceAndFiniteDifferences(int h, int w, int oh, int ow, bool alignCorners)
        => GradCheck.Check(t => Functional.Upsample(t[0], size: (oh, ow), mode: UpsampleMode.Bilinear, alignCorners: alignCorners),
            r => PoolRefOps.Bilinear(r[0], oh, ow, alignCorners), [GradCheck.Random(73, 2, 2, h, w)]);

    [Theory]
    [InlineData(2.0, 2.0)]
    [InlineData(1.7, 0.6)]
    public void Upsample_BilinearScale_MatchesReferenceAndFiniteDifferences(double sh, double sw)
    {
        int h = 5, w = 9;
        int oh = (int)Math.Floor(h * sh), ow = (int)Math.Floor(w * sw);
        GradCheck.Check(t => Functional.Upsample(t[0], null, (sh, sw), UpsampleMode.Bilinear),
            r => PoolRefOps.Bilinear(r[0], oh, ow, false, sh, sw), [GradCheck.Random(74, 1, 2, h, w)]);
    }

    [Fact]
    public void Upsample_NearestTwice_RepeatsEachPixel()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        Functional.Upsample(x, 2.0).ToArray().Should().Equal(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    [Fact]
    public void Upsample_BadArguments_Throw()
    {
        var x = Tensor.Zeros(1, 1, 4, 4);
        var none = () => Functional.Upsample(x);
        none.Should().Throw<ArgumentException>().WithMessage("*exactly one of size and scaleFactor*");
        var both = () => Functional.Upsample(x, (2, 2), (2.0, 2.0));
        both.Should().Throw<ArgumentException>().WithMessage("*exactly one*");
        var align = () => Functional.Upsample(x, 2.0, UpsampleMode.Nearest, alignCorners: true);
        align.Should().Throw<ArgumentException>().WithMessage("*alignCorners*bilinear*");
        var scale = () => Functional.Upsample(x, -1.0);
        scale.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*positive*");
        var tiny = () => Functional.Upsample(x, 0.1);
        tiny.Should().Throw<ArgumentException>().WithMessage("*invalid output size 0 x 0*");
        var rank = () => Functional.Upsample(Tensor.Zeros(1, 4, 4), 2.0);
        rank.Should().Throw<ArgumentException>().WithMessage("*[N, C, H, W]*[1, 4, 4]*");
    }
}
