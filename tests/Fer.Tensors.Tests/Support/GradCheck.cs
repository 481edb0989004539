using Fer.Testing;
using Fer.Tensors.Random;

namespace Fer.Tensors.Tests.Support;

/// <summary>
/// Checks an op against a double-precision reference: the forward values, and the analytic float32
/// backward against central finite differences of the reference in float64 (loss = sum(w * out)
/// for a random upstream gradient w).
/// </summary>
public static class GradCheck
{
    public static void Check(
        Func<Tensor[], Tensor> op,
        Func<RefTensor[], RefTensor> reference,
        Tensor[] inputs,
        double forwardTol = 1e-5,
        double gradTol = 2e-3,
        bool[]? differentiable = null,
        ulong seed = 7,
        double step = 1e-6)
    {
        foreach (var (t, i) in inputs.Select((t, i) => (t, i)))
            t.RequiresGrad = differentiable is null || differentiable[i];

        Tensor output = op(inputs);
        RefTensor[] refInputs = inputs.Select(RefTensor.From).ToArray();
        RefTensor expected = reference(refInputs);
        output.Shape.ToArray().Should().Equal(expected.Shape, "output shape must match the reference");
        Close.Check(expected.Data, output.ToArray().Select(v => (double)v).ToArray(), forwardTol, forwardTol, "forward");

        var gen = new Generator(seed);
        Tensor w = Tensor.Uniform(gen, -1f, 1f, output.Shape.ToArray());
        double[] wd = w.ToArray().Select(v => (double)v).ToArray();
        output.Backward(w);

        for (int i = 0; i < inputs.Length; i++)
        {
            if (!inputs[i].RequiresGrad) continue;
            inputs[i].Grad.Should().NotBeNull($"input {i} requires grad");
            double[] analytic = inputs[i].Grad!.ToArray().Select(v => (double)v).ToArray();
            double[] numeric = new double[analytic.Length];
            for (int j = 0; j < numeric.Length; j++)
            {
                double orig = refInputs[i].Data[j];
                refInputs[i].Data[j] = orig + step;
                double plus = Dot(wd, reference(refInputs).Data);
                refInputs[i].Data[j] = orig - step;
                double minus = Dot(wd, reference(refInputs).Data);
                refInputs[i].Data[j] = orig;
                numeric[j] = (plus - minus) / (2 * step);
            }
            Close.Check(numeric, analytic, gradTol, gradTol, $"gradient of input {i}");
        }
    }

    /// <summary>Random input in [-1, 1) (away from kinks is the caller's business).</summary>
    public static Tensor Random(ulong seed, params int[] shape) => Tensor.Uniform(new Generator(seed), -1f, 1f, shape);

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
