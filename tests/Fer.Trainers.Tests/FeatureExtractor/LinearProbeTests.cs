using Fer.Tensors.Random;
using Fer.Trainers.FeatureExtractor.Probing;

namespace Fer.Trainers.Tests.FeatureExtractor;

public class LinearProbeTests
{
    /// <summary>Three Gaussian blobs in 5-D with an offset and very different column scales.</summary>
    private static (float[] X, int[] Y) Blobs(int n, ulong seed, double spread)
    {
        var g = new Generator(seed);
        double[][] centres = [[2, 0, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 2, 0, 0]];
        double[] scale = [1, 100, 0.01, 1, 5];
        var x = new float[n * 5];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 3;
            for (int j = 0; j < 5; j++) x[i * 5 + j] = (float)((centres[y[i]][j] + spread * g.NextNormal()) * scale[j] + 10);
        }
        return (x, y);
    }

    [Fact]
    public void Fit_SeparableBlobs_ClassifiesHeldOutRows()
    {
        var (x, y) = Blobs(150, 1, 0.3);
        var (tx, ty) = Blobs(90, 2, 0.3);
        LinearProbe probe = LinearProbe.Fit(x, 5, y, 3, new LinearProbeOptions { L2 = 1e-3 });
        int[] predicted = probe.Predict(tx);
        predicted.Zip(ty).Count(p => p.First == p.Second).Should().BeGreaterThanOrEqualTo(88);
        float[] p = probe.PredictProbabilities(tx);
        for (int i = 0; i < 90; i++) p.Skip(i * 3).Take(3).Sum().Should().BeApproximately(1f, 1e-5f);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    public void Fit_OverlappingBlobs_GradientOfObjectiveVanishes(double l2)
    {
        // Optimality checked independently in double: d/dW [mean CE + l2/2 |W|^2] = 0 and d/db = 0.
        var (x, y) = Blobs(120, 3, 1.5);
        LinearProbe probe = LinearProbe.Fit(x, 5, y, 3, new LinearProbeOptions { L2 = l2, GradientTolerance = 1e-6, MaxIterations = 500 });
        var (mean, scale) = probe.Standardisation;
        double[] gw = new double[15], gb = new double[3];
        for (int i = 0; i < 120; i++)
        {
            double[] z = [.. Enumerable.Range(0, 5).Select(j => ((double)x[i * 5 + j] - mean[j]) * scale[j])];
            double[] logits = [.. Enumerable.Range(0, 3).Select(k => probe.Bias[k] + Enumerable.Range(0, 5).Sum(j => probe.Weight[k * 5 + j] * z[j]))];
            double max = logits.Max(), sum = logits.Sum(l => Math.Exp(l - max));
            for (int k = 0; k < 3; k++)
            {
                double r = Math.Exp(logits[k] - max) / sum - (y[i] == k ? 1 : 0);
                gb[k] += r / 120;
                for (int j = 0; j < 5; j++) gw[k * 5 + j] += r * z[j] / 120;
            }
        }
        for (int i = 0; i < 15; i++) (gw[i] + l2 * probe.Weight[i]).Should().BeApproximately(0, 2e-4, $"weight gradient {i}");
        foreach (double g in gb) g.Should().BeApproximately(0, 2e-4);
        probe.Weight.Select(Math.Abs).Max().Should().BeGreaterThan(0.05f, "the overlapping blobs still carry signal");
    }

    [Fact]
    public void Fit_LargerL2_SmallerWeights()
    {
        var (x, y) = Blobs(90, 4, 1.0);
        double Norm(double l2) => LinearProbe.Fit(x, 5, y, 3, new LinearProbeOptions { L2 = l2 }).Weight.Sum(w => (double)w * w);
        Norm(1.0).Should().BeLessThan(Norm(0.01));
    }

    [Fact]
    public void Fit_BadInput_ThrowsNamingRow()
    {
        var (x, y) = Blobs(6, 1, 0.3);
        FluentActions.Invoking(() => LinearProbe.Fit(x, 5, [0, 1, 2, 0, 1, 3], 3)).Should().Throw<ArgumentException>().WithMessage("*Label 3 of row 5*");
        float[] nan = (float[])x.Clone();
        nan[2 * 5 + 4] = float.NaN;
        FluentActions.Invoking(() => LinearProbe.Fit(nan, 5, y, 3)).Should().Throw<ArgumentException>().WithMessage("*Feature 4 of row 2 is NaN*");
        FluentActions.Invoking(() => LinearProbe.Fit(x, 4, y, 3)).Should().Throw<ArgumentException>().WithMessage("*6 rows of 4*");
        FluentActions.Invoking(() => LinearProbe.Fit(x, 5, y, 3, new LinearProbeOptions { L2 = -1 })).Should().Throw<ArgumentOutOfRangeException>();
        LinearProbe probe = LinearProbe.Fit(x, 5, y, 3);
        FluentActions.Invoking(() => probe.Predict(new float[7])).Should().Throw<ArgumentException>().WithMessage("*not a multiple*5*");
    }
}
