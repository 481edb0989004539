using Fer.Tensors.Autograd;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Autograd;

public class AutogradTests
{
    [Fact]
    public void Backward_SharedSubexpression_SumsBothPaths()
    {
        var x = Tensor.FromArray(2f, 3f);
        x.RequiresGrad = true;
        var y = x.Mul(x).Add(x.Mul(3f)).Sum(); // d/dx = 2x + 3
        y.Backward();
        x.Grad!.ToArray().Should().Equal(7f, 9f);
    }

    [Fact]
    public void Backward_Twice_AccumulatesIntoLeafGrad()
    {
        var x = Tensor.FromArray(1f, -1f);
        x.RequiresGrad = true;
        x.Mul(2f).Sum().Backward();
        x.Mul(3f).Sum().Backward();
        x.Grad!.ToArray().Should().Equal(5f, 5f);
    }

    [Fact]
    public void Backward_SecondTimeThroughFreedGraph_Throws()
    {
        var x = Tensor.FromArray(1f, 2f);
        x.RequiresGrad = true;
        var y = x.Exp().Sum();
        y.Backward();
        var act = () => y.Backward();
        act.Should().Throw<InvalidOperationException>().WithMessage("*second time*");
    }

    [Fact]
    public void Backward_RetainGraph_AllowsSecondPass()
    {
        var x = Tensor.FromArray(1f, 2f);
        x.RequiresGrad = true;
        var y = x.Square().Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        x.Grad!.ToArray().Should().Equal(4f, 8f);
    }

    [Fact]
    public void NoGrad_RecordsNothing()
    {
        var x = Tensor.FromArray(1f);
        x.RequiresGrad = true;
        Tensor y;
        using (GradMode.NoGrad()) y = x.Mul(2f);
        y.RequiresGrad.Should().BeFalse();
        y.IsLeaf.Should().BeTrue();
        GradMode.IsEnabled.Should().BeTrue();
    }

    [Fact]
    public void Detach_CutsGraph()
    {
        var x = Tensor.FromArray(1f, 2f);
        x.RequiresGrad = true;
        var y = x.Mul(2f).Detach().Mul(x).Sum(); // only the second factor carries gradient
        y.Backward();
        x.Grad!.ToArray().Should().Equal(2f, 4f);
    }

    [Fact]
    public void TwoIndependentGraphs_BackwardSeparately()
    {
        // Like a GAN step: two graphs alive over shared leaves, each backward touches only its own.
        var g = Tensor.FromArray(1f, 2f);
        var d = Tensor.FromArray(3f, 4f);
        g.RequiresGrad = true;
        d.RequiresGrad = true;
        var lossD = g.Detach().Mul(d).Sum();
        var lossG = g.Mul(d.Detach()).Sum().Mul(-1f);
        lossG.Backward();
        lossD.Backward();
        g.Grad!.ToArray().Should().Equal(-3f, -4f);
        d.Grad!.ToArray().Should().Equal(1f, 2f);
    }

    [Fact]
    public void Backward_NonScalarWithoutGradient_Throws()
    {
        var x = Tensor.FromArray(1f, 2f);
        x.RequiresGrad = true;
        var act = () => x.Mul(2f).Backward();
        act.Should().Throw<InvalidOperationException>().WithMessage("*scalar*");
    }

    [Fact]
    public void RetainGrad_KeepsIntermediateGradient()
    {
        var x = Tensor.FromArray(1f, 2f);
        x.RequiresGrad = true;
        var h = x.Mul(3f).RetainGrad();
        h.Square().Sum().Backward();
        h.Grad!.ToArray().Should().Equal(6f, 12f);
    }

    [Fact]
    public void DeepChain_DoesNotOverflowStack()
    {
        var x = Tensor.FromArray(1f);
        x.RequiresGrad = true;
        Tensor y = x;
        for (int i = 0; i < 20000; i++) y = y.Add(0f);
        y.Sum().Backward();
        x.Grad!.Item().Should().Be(1f);
    }

    [Fact]
    public void RequiresGrad_SetFalseOnNonLeaf_Throws()
    {
        var x = GradCheck.Random(1, 2);
        x.RequiresGrad = true;
        var y = x.Mul(2f);
        var act = () => y.RequiresGrad = false;
        act.Should().Throw<InvalidOperationException>();
    }
}
