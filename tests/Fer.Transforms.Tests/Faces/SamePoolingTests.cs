using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Transforms.Faces;

namespace Fer.Transforms.Tests.Faces;

public sealed class SamePoolingTests
{
    [Theory]
    [InlineData(6, 6)]
    [InlineData(7, 5)]
    [InlineData(1, 3)]
    [InlineData(13, 13)]
    public void MaxPool2x2_Stride2_EqualsCeilModePooling(int h, int w)
    {
        // Negative values: an overhanging window must not see a zero from padding.
        Tensor x = Tensor.Uniform(new Fer.Tensors.Random.Generator(3), -5f, -1f, 2, 3, h, w);

        float[] fast = SamePooling.MaxPool2x2(x, 2).ToArray();

        fast.Should().Equal(Functional.MaxPool2d(x, 2, 2, ceilMode: true).ToArray());
    }

    [Theory]
    [InlineData(13, 13)]
    [InlineData(4, 9)]
    [InlineData(1, 1)]
    public void MaxPool2x2_Stride1_EqualsPoolingAfterMinusInfinityRowAndColumn(int h, int w)
    {
        Tensor x = Tensor.Uniform(new Fer.Tensors.Random.Generator(4), -5f, -1f, 1, 2, h, w);

        float[] fast = SamePooling.MaxPool2x2(x, 1).ToArray();

        fast.Should().Equal(Functional.MaxPool2d(x.Pad([0, 1, 0, 1], PadMode.Constant, float.NegativeInfinity), 2, 1).ToArray());
    }

    [Fact]
    public void MaxPool2x2_NaNInWindow_Propagates()
    {
        Tensor x = Tensor.FromArray([1f, float.NaN, 3f, 4f], 1, 1, 2, 2);

        SamePooling.MaxPool2x2(x, 2).ToArray().Should().ContainSingle().Which.Should().Be(float.NaN);
    }

    [Fact]
    public void MaxPool2x2_NonContiguousInput_Works()
    {
        Tensor x = Tensor.Uniform(new Fer.Tensors.Random.Generator(5), -1f, 1f, 1, 4, 6, 5).Permute(0, 1, 3, 2);

        SamePooling.MaxPool2x2(x, 2).ToArray().Should().Equal(Functional.MaxPool2d(x, 2, 2, ceilMode: true).ToArray());
    }
}
