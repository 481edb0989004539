using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Convolution;

public class ConvTranspose2dTests
{
    /// <summary>Input [N, Cin, H, W], weight [Cin, CoutPerGroup, kH, kW].</summary>
    public sealed record Case(int[] Input, int CoutPerGroup, (int H, int W) Kernel, (int H, int W) Stride, (int H, int W) Padding,
        (int H, int W) OutputPadding, (int H, int W) Dilation, int Groups, bool Bias = true);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["3x3 stride 1"] = new([2, 3, 4, 5], 2, (3, 3), (1, 1), (0, 0), (0, 0), (1, 1), 1),
        ["3x3 stride 2 pad 1 output padding 1"] = new([2, 3, 4, 3], 2, (3, 3), (2, 2), (1, 1), (1, 1), (1, 1), 1),
        ["4x4 stride 2 pad 1 (DCGAN)"] = new([1, 2, 3, 4], 3, (4, 4), (2, 2), (1, 1), (0, 0), (1, 1), 1),
        ["stride (2,3) output padding (1,2)"] = new([2, 2, 3, 3], 2, (2, 3), (2, 3), (0, 1), (1, 2), (1, 1), 1),
        ["dilation 2 output padding via dilation"] = new([1, 2, 4, 3], 2, (3, 2), (1, 1), (1, 0), (1, 1), (2, 2), 1),
        ["groups 2"] = new([2, 4, 3, 4], 3, (3, 3), (2, 1), (1, 1), (0, 0), (1, 1), 2),
        ["depthwise"] = new([2, 3, 4, 4], 1, (3, 3), (2, 2), (1, 1), (1, 1), (1, 1), 3),
        ["1x1"] = new([2, 3, 3, 4], 2, (1, 1), (1, 1), (0, 0), (0, 0), (1, 1), 1),
        ["no bias"] = new([1, 2, 3, 3], 2, (3, 3), (2, 2), (0, 0), (0, 0), (1, 1), 1, Bias: false),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ConvTranspose2d_Configuration_MatchesReferenceAndFiniteDifferences(string name)
    {
        Case c = Cases[name];
        Tensor x = GradCheck.Random(21, c.Input);
        Tensor w = GradCheck.Random(22, c.Input[1], c.CoutPerGroup, c.Kernel.H, c.Kernel.W);
        Tensor[] inputs = c.Bias ? [x, w, GradCheck.Random(23, c.CoutPerGroup * c.Groups)] : [x, w];
        GradCheck.Check(
            t => Functional.ConvTranspose2d(t[0], t[1], c.Bias ? t[2] : null, c.Stride, c.Padding, c.OutputPadding, c.Groups, c.Dilation),
            r => ConvRefOps.ConvTranspose2d(r[0], r[1], c.Bias ? r[2] : null, c.Stride, c.Padding, c.OutputPadding, c.Dilation, c.Groups),
            inputs);
    }

    [Fact]
    public void ConvTranspose2d_IsAdjointOfConv2d()
    {
        // <conv(x, w), y> == <x, conv_transpose(y, w)> for the same weight, stride, padding and groups.
        var x = GradCheck.Random(24, 2, 4, 9, 8);
        var w = GradCheck.Random(25, 6, 2, 3, 3);
        var convOut = Functional.Conv2d(x, w, null, 2, 1, 1, 2);
        var y = GradCheck.Random(26, convOut.Shape.ToArray());
        var back = Functional.ConvTranspose2d(y, w, null, (2, 2), (1, 1), outputPadding: (0, 1), groups: 2); // width 8 needs one extra column
        back.Shape.ToArray().Should().Equal(2, 4, 9, 8);
        double lhs = convOut.Mul(y).Sum().Item(), rhs = x.Mul(back).Sum().Item();
        lhs.Should().BeApproximately(rhs, 1e-3 * Math.Max(1, Math.Abs(lhs)));
    }

    [Fact]
    public void ConvTranspose2d_OutputPaddingNotBelowStrideOrDilation_Throws()
    {
        var act = () => Functional.ConvTranspose2d(Tensor.Zeros(1, 2, 3, 3), Tensor.Zeros(2, 2, 3, 3), null, 2, 1, outputPadding: 2);
        act.Should().Throw<ArgumentException>().WithMessage("*output padding (2, 2)*stride (2, 2)*dilation (1, 1)*");
    }

    [Fact]
    public void ConvTranspose2d_WeightInputChannelsMismatch_ThrowsNamingShapes()
    {
        var act = () => Functional.ConvTranspose2d(Tensor.Zeros(1, 3, 3, 3), Tensor.Zeros(2, 4, 3, 3));
        act.Should().Throw<ArgumentException>().WithMessage("*weight [2, 4, 3, 3]*expects 2 input channels*input [1, 3, 3, 3] has 3*");
        var groups = () => Functional.ConvTranspose2d(Tensor.Zeros(1, 3, 3, 3), Tensor.Zeros(3, 4, 3, 3), groups: 2);
        groups.Should().Throw<ArgumentException>().WithMessage("*input channels (3)*groups (2)*");
        var bias = () => Functional.ConvTranspose2d(Tensor.Zeros(1, 2, 3, 3), Tensor.Zeros(2, 4, 3, 3), Tensor.Zeros(2), groups: 2);
        bias.Should().Throw<ArgumentException>().WithMessage("*bias must be [8]*");
    }

    [Fact]
    public void ConvTranspose2d_EmptyOutput_Throws()
    {
        var act = () => Functional.ConvTranspose2d(Tensor.Zeros(1, 1, 1, 1), Tensor.Zeros(1, 1, 1, 1), null, 1, padding: 1);
        act.Should().Throw<ArgumentException>().WithMessage("*empty output*");
    }
}
