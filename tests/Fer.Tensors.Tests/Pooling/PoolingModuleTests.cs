using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Pooling;

public class PoolingModuleTests
{
    [Fact]
    public void MaxPool2d_Module_EqualsFunctional()
    {
        var x = GradCheck.Random(91, 2, 3, 9, 8);
        var pool = new MaxPool2d(3, 2, 1, ceilMode: true);
        pool.Stride.Should().Be((2, 2));
        pool.Forward(x).ToArray().Should().Equal(Functional.MaxPool2d(x, 3, 2, 1, ceilMode: true).ToArray());
        new MaxPool2d(2).Stride.Should().Be((2, 2), "stride defaults to the kernel size");
        pool.Parameters().Should().BeEmpty();
    }

    [Fact]
    public void AvgPool2d_Module_EqualsFunctional()
    {
        var x = GradCheck.Random(92, 2, 3, 9, 8);
        var pool = new AvgPool2d((3, 3), (2, 2), (1, 1), ceilMode: false, countIncludePad: false);
        pool.Forward(x).ToArray().Should().Equal(Functional.AvgPool2d(x, 3, 2, 1, false, false).ToArray());
    }

    [Fact]
    public void AdaptiveAvgPool2d_Module_EqualsFunctional()
    {
        var x = GradCheck.Random(93, 2, 3, 9, 8);
        new AdaptiveAvgPool2d(1).Forward(x).ToArray().Should().Equal(Functional.GlobalAvgPool2d(x).ToArray());
        new AdaptiveAvgPool2d((2, 3)).Forward(x).Shape.ToArray().Should().Equal(2, 3, 2, 3);
    }

    [Fact]
    public void Upsample_Module_EqualsFunctional()
    {
        var x = GradCheck.Random(94, 1, 2, 4, 5);
        new Upsample(2.0, UpsampleMode.Bilinear).Forward(x).ToArray()
            .Should().Equal(Functional.Upsample(x, 2.0, UpsampleMode.Bilinear).ToArray());
        new Upsample(size: (3, 7)).Forward(x).Shape.ToArray().Should().Equal(1, 2, 3, 7);
    }

    [Fact]
    public void PoolingModules_BadArguments_Throw()
    {
        var pad = () => new MaxPool2d(2, padding: 2);
        pad.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*half the kernel*");
        var avg = () => new AvgPool2d(0);
        avg.Should().Throw<ArgumentOutOfRangeException>();
        var adaptive = () => new AdaptiveAvgPool2d((1, 0));
        adaptive.Should().Throw<ArgumentOutOfRangeException>();
        var up = () => new Upsample();
        up.Should().Throw<ArgumentException>().WithMessage("*exactly one*");
        var align = () => new Upsample(2.0, UpsampleMode.Nearest, alignCorners: true);
        align.Should().Throw<ArgumentException>();
    }
}
