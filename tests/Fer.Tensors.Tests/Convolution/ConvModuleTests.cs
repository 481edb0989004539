using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Convolution;

public class ConvModuleTests
{
    [Fact]
    public void Conv2d_DefaultInit_IsUniformWithinOneOverSqrtFanIn()
    {
        var conv = new Conv2d(8, 16, 3, padding: 1, groups: 2, generator: new Generator(1));
        conv.NamedParameters().Select(p => p.Name).Should().Equal("weight", "bias");
        conv.Weight.Shape.ToArray().Should().Equal(16, 4, 3, 3);
        conv.Bias!.Shape.ToArray().Should().Equal(16);
        float bound = 1f / MathF.Sqrt(4 * 3 * 3);
        float[] w = conv.Weight.ToArray();
        w.Max(MathF.Abs).Should().BeLessThanOrEqualTo(bound).And.BeGreaterThan(0.9f * bound, "576 uniform draws reach the edge");
        w.Average().Should().BeApproximately(0f, 0.1f * bound);
        conv.Bias.ToArray().Max(MathF.Abs).Should().BeLessThanOrEqualTo(bound);
    }

    [Fact]
    public void Conv2d_SameSeed_GivesSameWeights()
    {
        var a = new Conv2d(3, 4, 3, generator: new Generator(7));
        var b = new Conv2d(3, 4, 3, generator: new Generator(7));
        a.Weight.ToArray().Should().Equal(b.Weight.ToArray());
        a.Bias!.ToArray().Should().Equal(b.Bias!.ToArray());
    }

    [Fact]
    public void Conv2d_Forward_EqualsFunctionalAndTrainsBothParameters()
    {
        var conv = new Conv2d(3, 4, (3, 3), (2, 2), Conv2dPadding.Same, generator: new Generator(3));
        var x = GradCheck.Random(81, 2, 3, 7, 6);
        var y = conv.Forward(x);
        y.Shape.ToArray().Should().Equal(2, 4, 4, 3);
        y.ToArray().Should().Equal(Functional.Conv2d(x, conv.Weight, conv.Bias, (2, 2), Conv2dPadding.Same).ToArray());
        y.Sum().Backward();
        conv.Weight.Grad.Should().NotBeNull();
        conv.Bias!.Grad!.ToArray().Should().OnlyContain(v => v == 2 * 4 * 3, "d(sum)/d(bias) counts the output positions");
    }

    [Fact]
    public void Conv2d_NoBias_RegistersEmptySlot()
    {
        var conv = new Conv2d(3, 4, 1, bias: false);
        conv.Bias.Should().BeNull();
        conv.NamedParameters().Select(p => p.Name).Should().Equal("weight");
    }

    [Fact]
    public void Conv2d_GroupsNotDividingChannels_Throws()
    {
        var act = () => new Conv2d(6, 4, 3, groups: 3);
        act.Should().Throw<ArgumentException>().WithMessage("*groups (3)*in_channels (6)*out_channels (4)*");
    }

    [Fact]
    public void ConvTranspose2d_DefaultInit_UsesOutChannelsPerGroupAsFanIn()
    {
        var up = new ConvTranspose2d(4, 6, 4, stride: 2, padding: 1, groups: 2, generator: new Generator(2));
        up.Weight.Shape.ToArray().Should().Equal(4, 3, 4, 4);
        float bound = 1f / MathF.Sqrt(3 * 4 * 4);
        up.Weight.ToArray().Max(MathF.Abs).Should().BeLessThanOrEqualTo(bound).And.BeGreaterThan(0.9f * bound);
        up.Bias!.ToArray().Max(MathF.Abs).Should().BeLessThanOrEqualTo(bound);
        var x = GradCheck.Random(82, 1, 4, 5, 5);
        var y = up.Forward(x);
        y.Shape.ToArray().Should().Equal(1, 6, 10, 10);
        y.ToArray().Should().Equal(Functional.ConvTranspose2d(x, up.Weight, up.Bias, 2, 1, 0, 2).ToArray());
    }

    [Fact]
    public void ConvTranspose2d_OutputPaddingTooLarge_Throws()
    {
        var act = () => new ConvTranspose2d(2, 2, 3, stride: 2, outputPadding: 2);
        act.Should().Throw<ArgumentException>().WithMessage("*output padding*");
    }
}
