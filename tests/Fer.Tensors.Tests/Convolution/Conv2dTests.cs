using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Convolution;

public class Conv2dTests
{
    /// <summary>A conv2d configuration: input [N, C, H, W], weight [Cout, C/groups, kH, kW].</summary>
    public sealed record Case(int[] Input, int Cout, (int H, int W) Kernel, (int H, int W) Stride, Conv2dPadding Padding,
        (int H, int W) Dilation, int Groups, bool Bias = true);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["3x3 stride 1 pad 1"] = new([2, 3, 5, 6], 4, (3, 3), (1, 1), Conv2dPadding.Symmetric(1), (1, 1), 1),
        ["3x3 stride 2 pad 1 odd sizes"] = new([2, 2, 7, 5], 3, (3, 3), (2, 2), Conv2dPadding.Symmetric(1), (1, 1), 1),
        ["2x3 stride 3 pad (0,1)"] = new([1, 2, 8, 7], 3, (2, 3), (3, 3), Conv2dPadding.Symmetric(0, 1), (1, 1), 1),
        ["dilation 2 pad 2"] = new([1, 2, 7, 7], 2, (3, 3), (1, 1), Conv2dPadding.Symmetric(2), (2, 2), 1),
        ["dilation (2,1) stride (1,2)"] = new([2, 2, 6, 7], 3, (3, 2), (1, 2), Conv2dPadding.Symmetric(1, 0), (2, 1), 1),
        ["groups 2"] = new([2, 4, 5, 5], 6, (3, 3), (1, 1), Conv2dPadding.Symmetric(1), (1, 1), 2),
        ["groups 2 stride 2 dilation 2"] = new([1, 4, 8, 7], 4, (2, 2), (2, 2), Conv2dPadding.Symmetric(1), (2, 2), 2),
        ["depthwise"] = new([2, 3, 6, 5], 3, (3, 3), (1, 1), Conv2dPadding.Symmetric(1), (1, 1), 3),
        ["depthwise multiplier 2 stride 2"] = new([2, 3, 7, 6], 6, (3, 3), (2, 2), Conv2dPadding.Symmetric(1), (1, 1), 3),
        ["depthwise stride (1,3) dilation 2"] = new([1, 2, 7, 9], 4, (3, 2), (1, 3), Conv2dPadding.Symmetric(2, 1), (2, 2), 2),
        ["pointwise 1x1"] = new([2, 3, 4, 5], 4, (1, 1), (1, 1), Conv2dPadding.Valid, (1, 1), 1),
        ["pointwise 1x1 groups 3"] = new([2, 6, 3, 4], 3, (1, 1), (1, 1), Conv2dPadding.Valid, (1, 1), 3),
        ["1x1 stride 2"] = new([2, 3, 5, 6], 4, (1, 1), (2, 2), Conv2dPadding.Valid, (1, 1), 1),
        ["1x1 padded"] = new([1, 2, 3, 3], 2, (1, 1), (1, 1), Conv2dPadding.Symmetric(1), (1, 1), 1),
        ["TF same stride 2 even sizes"] = new([2, 2, 6, 8], 3, (3, 3), (2, 2), Conv2dPadding.Same, (1, 1), 1),
        ["TF same stride 2 odd sizes"] = new([2, 2, 7, 5], 3, (3, 3), (2, 2), Conv2dPadding.Same, (1, 1), 1),
        ["TF same 4x4 stride 2"] = new([1, 2, 7, 6], 2, (4, 4), (2, 2), Conv2dPadding.Same, (1, 1), 1),
        ["TF same stride 1 even kernel"] = new([1, 2, 5, 4], 2, (2, 4), (1, 1), Conv2dPadding.Same, (1, 1), 1),
        ["TF same dilation 2"] = new([1, 2, 6, 5], 2, (3, 3), (1, 1), Conv2dPadding.Same, (2, 2), 1),
        ["TF same depthwise stride 2"] = new([2, 4, 6, 7], 4, (3, 3), (2, 2), Conv2dPadding.Same, (1, 1), 4),
        ["valid 5x5"] = new([2, 2, 7, 6], 2, (5, 5), (1, 1), Conv2dPadding.Valid, (1, 1), 1),
        ["asymmetric explicit"] = new([2, 2, 5, 6], 3, (3, 3), (2, 1), Conv2dPadding.Explicit(1, 0, 2, 1), (1, 1), 1),
        ["no bias"] = new([2, 3, 5, 5], 2, (3, 3), (1, 1), Conv2dPadding.Symmetric(1), (1, 1), 1, Bias: false),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Conv2d_Configuration_MatchesReferenceAndFiniteDifferences(string name)
    {
        Case c = Cases[name];
        int cin = c.Input[1];
        Tensor x = GradCheck.Random(1, c.Input);
        Tensor w = GradCheck.Random(2, c.Cout, cin / c.Groups, c.Kernel.H, c.Kernel.W);
        Tensor[] inputs = c.Bias ? [x, w, GradCheck.Random(3, c.Cout)] : [x, w];
        var pads = c.Padding.Resolve(c.Input[2], c.Input[3], c.Kernel.H, c.Kernel.W, c.Stride.H, c.Stride.W, c.Dilation.H, c.Dilation.W);
        GradCheck.Check(
            t => Functional.Conv2d(t[0], t[1], c.Bias ? t[2] : null, c.Stride, c.Padding, c.Dilation, c.Groups),
            r => ConvRefOps.Conv2d(r[0], r[1], c.Bias ? r[2] : null, c.Stride, pads, c.Dilation, c.Groups),
            inputs);
    }

    [Theory]
    [InlineData(6, 3, 2, 0, 1)]
    [InlineData(7, 3, 2, 1, 1)]
    [InlineData(8, 4, 2, 1, 1)]
    [InlineData(7, 4, 2, 1, 2)]
    [InlineData(5, 1, 2, 0, 0)]
    [InlineData(8, 5, 3, 1, 2)]
    [InlineData(4, 3, 1, 1, 1)]
    [InlineData(1, 5, 2, 2, 2)]
    public void SamePadding_Resolve_PutsExtraPixelAtBottom(int size, int kernel, int stride, int expectedBefore, int expectedAfter)
    {
        var (top, bottom, left, right) = Conv2dPadding.Same.Resolve(size, size, kernel, kernel, stride, stride);
        (top, bottom, left, right).Should().Be((expectedBefore, expectedAfter, expectedBefore, expectedAfter));
        int outSize = (size + top + bottom - kernel) / stride + 1;
        outSize.Should().Be((size + stride - 1) / stride, "TF 'same' gives ceil(in / stride)");
    }

    [Fact]
    public void SamePadding_StrideTwo_OutputIsCeilOfHalf()
    {
        var x = GradCheck.Random(4, 1, 2, 7, 8);
        var w = GradCheck.Random(5, 3, 2, 3, 3);
        Functional.Conv2d(x, w, null, (2, 2), Conv2dPadding.Same).Shape.ToArray().Should().Equal(1, 3, 4, 4);
    }

    [Fact]
    public void Conv2d_IntOverload_EqualsTupleOverload()
    {
        var x = GradCheck.Random(6, 2, 3, 7, 7);
        var w = GradCheck.Random(7, 4, 3, 3, 3);
        var b = GradCheck.Random(8, 4);
        var a = Functional.Conv2d(x, w, b, stride: 2, padding: 1, dilation: 1);
        var t = Functional.Conv2d(x, w, b, (2, 2), Conv2dPadding.Symmetric(1, 1), (1, 1));
        a.ToArray().Should().Equal(t.ToArray());
    }

    [Fact]
    public void Conv2d_UnbatchedInput_ReturnsUnbatchedOutput()
    {
        var x = GradCheck.Random(9, 3, 5, 5);
        var w = GradCheck.Random(10, 2, 3, 3, 3);
        var y = Functional.Conv2d(x, w, null, 1, 1);
        y.Shape.ToArray().Should().Equal(2, 5, 5);
        y.ToArray().Should().Equal(Functional.Conv2d(x.Unsqueeze(0), w, null, 1, 1).ToArray());
    }

    [Fact]
    public void Conv2d_NonContiguousInput_MatchesContiguous()
    {
        var x = GradCheck.Random(11, 2, 5, 4, 3).Permute(0, 3, 1, 2); // [2, 3, 5, 4] view
        var w = GradCheck.Random(12, 2, 3, 3, 3);
        Functional.Conv2d(x, w, null, 1, 1).ToArray().Should().Equal(Functional.Conv2d(x.Contiguous(), w, null, 1, 1).ToArray());
    }

    [Fact]
    public void Conv2d_WeightChannelsDisagreeWithInput_ThrowsNamingBothShapes()
    {
        var act = () => Functional.Conv2d(Tensor.Zeros(1, 4, 5, 5), Tensor.Zeros(6, 3, 3, 3));
        act.Should().Throw<ArgumentException>().WithMessage("*weight [6, 3, 3, 3]*3 input channels*groups = 1*input [1, 4, 5, 5] has 4*");
    }

    [Fact]
    public void Conv2d_GroupsMismatch_ThrowsNamingGroups()
    {
        var act = () => Functional.Conv2d(Tensor.Zeros(1, 4, 5, 5), Tensor.Zeros(6, 4, 3, 3), groups: 2);
        act.Should().Throw<ArgumentException>().WithMessage("*C_in / groups = 4*8 input channels with groups = 2*has 4 channels*");
        var act2 = () => Functional.Conv2d(Tensor.Zeros(1, 4, 5, 5), Tensor.Zeros(5, 2, 3, 3), groups: 2);
        act2.Should().Throw<ArgumentException>().WithMessage("*5 output channels*groups (2)*");
    }

    [Fact]
    public void Conv2d_BadRanksAndBias_Throw()
    {
        var rank = () => Functional.Conv2d(Tensor.Zeros(4, 5), Tensor.Zeros(1, 1, 1, 1));
        rank.Should().Throw<ArgumentException>().WithMessage("*input must be [N, C_in, H, W]*[4, 5]*");
        var wrank = () => Functional.Conv2d(Tensor.Zeros(1, 2, 5, 5), Tensor.Zeros(3, 2, 3));
        wrank.Should().Throw<ArgumentException>().WithMessage("*weight must be [C_out, C_in / groups, kH, kW]*[3, 2, 3]*");
        var bias = () => Functional.Conv2d(Tensor.Zeros(1, 2, 5, 5), Tensor.Zeros(3, 2, 3, 3), Tensor.Zeros(2));
        bias.Should().Throw<ArgumentException>().WithMessage("*bias must be [3]*got [2]*");
    }

    [Fact]
    public void Conv2d_KernelLargerThanPaddedInput_Throws()
    {
        var act = () => Functional.Conv2d(Tensor.Zeros(1, 1, 2, 5), Tensor.Zeros(1, 1, 3, 3));
        act.Should().Throw<ArgumentException>().WithMessage("*height*spans 3*padded input 2*");
        var dil = () => Functional.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), null, (1, 1), null, (3, 3));
        dil.Should().Throw<ArgumentException>().WithMessage("*dilation 3 spans 7*");
    }

    [Fact]
    public void Conv2d_NonPositiveStrideOrNegativePadding_Throws()
    {
        var stride = () => Functional.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), null, (0, 1));
        stride.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*stride*(0, 1)*");
        var pad = () => Functional.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), null, 1, padding: -1);
        pad.Should().Throw<ArgumentOutOfRangeException>();
        var groups = () => Functional.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), groups: 0);
        groups.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Conv2d_EmptyBatch_ReturnsEmptyOutputAndZeroWeightGradient()
    {
        var x = Tensor.Zeros(0, 2, 5, 5);
        var w = GradCheck.Random(13, 3, 2, 3, 3);
        w.RequiresGrad = true;
        var y = Functional.Conv2d(x, w, null, 1, 1);
        y.Shape.ToArray().Should().Equal(0, 3, 5, 5);
        y.Sum().Backward();
        w.Grad!.ToArray().Should().OnlyContain(v => v == 0f);
    }
}
