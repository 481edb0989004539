using Fer.Testing;
using Fer.Tensors.Kernels.Normalization;
using Fer.Tensors.Nn;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Normalization;

public class LayerNormTests
{
    private static RefTensor Reference(RefTensor x, int[] normalized, RefTensor? w, RefTensor? b)
    {
        int d = RefTensor.Size(normalized);
        return new RefTensor(x.Shape, LayerNormReference.Forward(x.Data, x.Data.Length / d, d, w?.Data, b?.Data, 1e-5));
    }

    [Theory]
    [InlineData(new[] { 4, 6 }, new[] { 6 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 4 })]
    [InlineData(new[] { 2, 2, 17 }, new[] { 17 })]
    public void LayerNorm_Affine_MatchesReferenceAndFiniteDifferences(int[] shape, int[] normalized)
        => GradCheck.Check(
            t => Functional.LayerNorm(t[0], normalized, t[1], t[2]),
            r => Reference(r[0], normalized, r[1], r[2]),
            [GradCheck.Random(1, shape).Mul(2f).Detach(), GradCheck.Random(2, normalized).Add(1.2f).Detach(), GradCheck.Random(3, normalized)],
            forwardTol: 2e-5);

    [Fact]
    public void LayerNorm_NoAffine_MatchesFiniteDifferences()
        => GradCheck.Check(t => Functional.LayerNorm(t[0], [5]), r => Reference(r[0], [5], null, null), [GradCheck.Random(4, 3, 5)], forwardTol: 2e-5);

    [Fact]
    public void LayerNorm_LargeOffset_KeepsPrecision()
    {
        Tensor x = GradCheck.Random(5, 3, 64).Add(5000f).Detach();
        Close.Check(Reference(RefTensor.From(x), [64], null, null).Data, Functional.LayerNorm(x, [64]).ToArray().Select(v => (double)v).ToArray(), 2e-3, 1e-3, "forward");
    }

    [Fact]
    public void LayerNormModule_StateDictAndForward()
    {
        var ln = new LayerNorm(8);
        ln.StateDict().Keys.Should().Equal("weight", "bias");
        ln.Weight!.Shape.ToArray().Should().Equal(8);
        Tensor x = GradCheck.Random(6, 2, 8);
        ln.Forward(x).ToArray().Should().Equal(Functional.LayerNorm(x, [8], ln.Weight, ln.Bias).ToArray());
        new LayerNorm([2, 4], elementwiseAffine: false).Parameters().Should().BeEmpty();
    }

    [Fact]
    public void LayerNorm_BadShapes_Throw()
    {
        ((Func<Tensor>)(() => Functional.LayerNorm(Tensor.Zeros(2, 5), [4]))).Should().Throw<ArgumentException>().WithMessage("*[2, 5]*end with*[4]*");
        ((Func<Tensor>)(() => Functional.LayerNorm(Tensor.Zeros(2, 5), [5], Tensor.Ones(4)))).Should().Throw<ArgumentException>().WithMessage("*weight*[4]*expected [5]*");
        ((Func<Module>)(() => new LayerNorm(Array.Empty<int>()))).Should().Throw<ArgumentException>();
    }
}
