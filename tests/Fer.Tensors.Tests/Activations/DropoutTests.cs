using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Activations;

public class DropoutTests
{
    [Fact]
    public void Dropout_Training_ZeroesAboutPAndScalesSurvivors()
    {
        const int n = 100_000;
        const float p = 0.3f;
        Tensor x = Tensor.Ones(n);
        x.RequiresGrad = true;
        Tensor y = Functional.Dropout(x, p, training: true, new Generator(42));
        float[] v = y.ToArray();
        int kept = v.Count(t => t != 0f);
        double sigma = Math.Sqrt(n * p * (1 - p));
        Math.Abs(kept - n * (1.0 - p)).Should().BeLessThan(5 * sigma, "kept count is Binomial(n, 1 - p)");
        v.Where(t => t != 0f).Should().OnlyContain(t => Math.Abs(t - 1f / (1f - p)) < 1e-6f, "survivors are scaled by 1 / (1 - p)");
        y.Backward(Tensor.Ones(n));
        x.Grad!.ToArray().Should().Equal(v, "the gradient is the same scaled mask");
    }

    [Fact]
    public void Dropout_SameSeed_SameMask()
    {
        Tensor x = GradCheck.Random(1, 8, 16);
        Functional.Dropout(x, 0.5f, true, new Generator(7)).ToArray().Should().Equal(Functional.Dropout(x, 0.5f, true, new Generator(7)).ToArray());
        Functional.Dropout(x, 0.5f, true, new Generator(7)).ToArray().Should().NotEqual(Functional.Dropout(x, 0.5f, true, new Generator(8)).ToArray());
    }

    [Fact]
    public void Dropout_EvalOrZeroP_IsIdentity_AndOneGivesZeros()
    {
        Tensor x = GradCheck.Random(2, 3, 4);
        Functional.Dropout(x, 0.5f, training: false).Should().BeSameAs(x);
        Functional.Dropout(x, 0f, training: true).Should().BeSameAs(x);
        x.RequiresGrad = true;
        Tensor y = Functional.Dropout(x, 1f, training: true);
        y.ToArray().Should().OnlyContain(v => v == 0f);
        y.Sum().Backward();
        x.Grad!.ToArray().Should().OnlyContain(v => v == 0f);
    }

    [Fact]
    public void DropoutModule_FollowsTrainEvalAndValidatesP()
    {
        var d = new Dropout(0.5f, new Generator(3));
        Tensor x = Tensor.Ones(64);
        d.Forward(x).ToArray().Should().Contain(0f);
        d.Eval();
        d.Forward(x).Should().BeSameAs(x);
        ((Func<Module>)(() => new Dropout(1.5f))).Should().Throw<ArgumentOutOfRangeException>();
        ((Func<Tensor>)(() => Functional.Dropout(x, float.NaN))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[0, 1]*");
    }
}
