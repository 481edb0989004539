using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Pooling;

public class AvgPool2dTests
{
    public sealed record Case(int[] Input, (int H, int W) Kernel, (int H, int W) Stride, (int H, int W) Padding, bool Ceil, bool CountIncludePad);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["2x2 stride 2"] = new([2, 3, 6, 8], (2, 2), (2, 2), (0, 0), false, true),
        ["3x3 stride 2 pad 1 include pad"] = new([2, 2, 7, 8], (3, 3), (2, 2), (1, 1), false, true),
        ["3x3 stride 2 pad 1 exclude pad"] = new([2, 2, 7, 8], (3, 3), (2, 2), (1, 1), false, false),
        ["3x3 stride 2 pad 1 ceil include pad"] = new([1, 2, 8, 9], (3, 3), (2, 2), (1, 1), true, true),
        ["3x3 stride 2 pad 1 ceil exclude pad"] = new([1, 2, 8, 9], (3, 3), (2, 2), (1, 1), true, false),
        ["3x2 stride (2,3) ceil no pad"] = new([2, 2, 8, 10], (3, 2), (2, 3), (0, 0), true, true),
        ["3x3 stride 1 pad 1 exclude pad"] = new([1, 2, 5, 4], (3, 3), (1, 1), (1, 1), false, false),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AvgPool2d_Configuration_MatchesReferenceAndFiniteDifferences(string name)
    {
        Case c = Cases[name];
        GradCheck.Check(
            t => Functional.AvgPool2d(t[0], c.Kernel, c.Stride, c.Padding, c.Ceil, c.CountIncludePad),
            r => PoolRefOps.AvgPool(r[0], c.Kernel, c.Stride, c.Padding, c.Ceil, c.CountIncludePad),
            [GradCheck.Random(51, c.Input)]);
    }

    [Fact]
    public void AvgPool2d_CornerWithPadding_DividesByCountRule()
    {
        var x = Tensor.Ones(1, 1, 4, 4);
        Functional.AvgPool2d(x, 3, 1, 1, countIncludePad: true)[0, 0, 0, 0].Should().BeApproximately(4f / 9f, 1e-6f);
        Functional.AvgPool2d(x, 3, 1, 1, countIncludePad: false)[0, 0, 0, 0].Should().Be(1f);
    }

    [Fact]
    public void AvgPool2d_BadArguments_Throw()
    {
        var pad = () => Functional.AvgPool2d(Tensor.Zeros(1, 1, 5, 5), 2, padding: 2);
        pad.Should().Throw<ArgumentException>().WithMessage("*padding (2, 2)*half the kernel size (2, 2)*");
        var stride = () => Functional.AvgPool2d(Tensor.Zeros(1, 1, 5, 5), (2, 2), (1, 0));
        stride.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*stride*(1, 0)*");
        var small = () => Functional.AvgPool2d(Tensor.Zeros(1, 1, 5, 1), 2);
        small.Should().Throw<ArgumentException>().WithMessage("*too small*");
    }
}
