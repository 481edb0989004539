using System.Text.Json;
using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Trainers.Metrics;

namespace Fer.Trainers.Tests.Metrics;

public sealed class RegressionEvaluatorTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void Evaluate_SmallCase_MatchesHandComputedMetrics()
    {
        // errors -0.5, 0, 0.5, -1; Syy = 5, Spp = 7.25, Syp = 5.5; means 2.5 and 2.75.
        RegressionMetrics m = RegressionEvaluator.Evaluate([1f, 2f, 3f, 4f], [1.5f, 2f, 2.5f, 5f]);

        m.RowCount.Should().Be(4);
        m.MissingCount.Should().Be(0);
        m.Rmse.Should().BeApproximately(Math.Sqrt(1.5 / 4), Tol);
        m.Mae.Should().BeApproximately(0.5, Tol);
        m.Pcc.Should().BeApproximately(5.5 / Math.Sqrt(5 * 7.25), Tol);
        m.Ccc.Should().BeApproximately(2 * (5.5 / 4) / ((5 + 7.25) / 4 + 0.25 * 0.25), Tol);
        m.Sagr.Should().Be(1);
        m.RSquared.Should().BeApproximately(1 - 1.5 / 5, Tol);
    }

    [Fact]
    public void Evaluate_Signs_ZeroAgreesOnlyWithZero()
    {
        RegressionMetrics m = RegressionEvaluator.Evaluate([-1f, 0f, 0.5f, -0.2f, 0f], [-0.5f, 0f, -0.1f, 0.3f, 0.1f]);

        m.Sagr.Should().BeApproximately(2.0 / 5, Tol, "(-,-) and (0,0) agree; (+,-), (-,+) and (0,+) do not");
    }

    [Fact]
    public void Evaluate_NaNTruth_IsSkippedAndCounted()
    {
        RegressionMetrics withMissing = RegressionEvaluator.Evaluate([1f, float.NaN, 2f, float.NaN, 3f], [1f, 100f, 2f, -5f, 4f]);
        RegressionMetrics clean = RegressionEvaluator.Evaluate([1f, 2f, 3f], [1f, 2f, 4f]);

        withMissing.RowCount.Should().Be(3);
        withMissing.MissingCount.Should().Be(2);
        withMissing.Rmse.Should().BeApproximately(Math.Sqrt(1.0 / 3), Tol);
        withMissing.Should().BeEquivalentTo(clean, o => o.Excluding(m => m.MissingCount));
    }

    [Fact]
    public void Evaluate_ConstantPrediction_PccIsNaNAndCccIsZero()
    {
        RegressionMetrics m = RegressionEvaluator.Evaluate([1f, 2f, 3f], [2f, 2f, 2f]);

        m.Pcc.Should().Be(double.NaN);
        m.Ccc.Should().Be(0, "the covariance is 0 while the denominator (truth variance) is not");
        m.RSquared.Should().BeApproximately(0, Tol, "SS_res = SS_tot = 2");
    }

    [Fact]
    public void Evaluate_ConstantTruthMatchedExactly_CccIsNaNAndRSquaredIsOne()
    {
        // 0.1f repeated: its computed double mean can differ from 0.1f by an ulp; the metrics must not see spread.
        float[] truth = [.. Enumerable.Repeat(0.1f, 7)];

        RegressionMetrics m = RegressionEvaluator.Evaluate(truth, truth);

        m.Pcc.Should().Be(double.NaN);
        m.Ccc.Should().Be(double.NaN, "0 / 0: both constant and equal");
        m.RSquared.Should().Be(1, "sklearn's force_finite: perfect predictions of a constant truth");
        m.Rmse.Should().Be(0);
    }

    [Fact]
    public void Evaluate_ConstantTruthOtherConstantPrediction_CccAndRSquaredAreZero()
    {
        RegressionMetrics m = RegressionEvaluator.Evaluate([1f, 1f], [2f, 2f]);

        m.Ccc.Should().Be(0);
        m.RSquared.Should().Be(0);
        m.Pcc.Should().Be(double.NaN);
        m.Rmse.Should().Be(1);
    }

    [Fact]
    public void Evaluate_FormulaGeneratedData_MatchesNumpyReference()
    {
        // truth sin(0.7 i), prediction 0.8 truth + 0.3 cos(1.3 i), every 5th truth missing; reference
        // values from numpy (np.corrcoef, np.sign, population variances) on the same float32 values.
        const int n = 30;
        float[] truth = [.. Enumerable.Range(0, n).Select(i => i % 5 == 4 ? float.NaN : (float)Math.Sin(0.7 * i))];
        float[] predicted = [.. Enumerable.Range(0, n).Select(i => (float)(0.8 * (float)Math.Sin(0.7 * i) + 0.3 * Math.Cos(1.3 * i)))];

        RegressionMetrics m = RegressionEvaluator.Evaluate(truth, predicted);

        m.RowCount.Should().Be(24);
        m.MissingCount.Should().Be(6);
        m.Rmse.Should().BeApproximately(0.25903775494561093, 1e-12);
        m.Mae.Should().BeApproximately(0.21547961669663587, 1e-12);
        m.Pcc.Should().BeApproximately(0.9421181149187805, 1e-12);
        m.Ccc.Should().BeApproximately(0.9238825814376618, 1e-12);
        m.Sagr.Should().BeApproximately(19.0 / 24, 1e-12);
        m.RSquared.Should().BeApproximately(0.8703016281624499, 1e-12);
    }

    [Fact]
    public void Evaluate_Ccc_AgreesWithConcordanceLossOfTensorEngine()
    {
        float[] truth = [.. Enumerable.Range(0, 50).Select(i => (float)Math.Sin(0.37 * i))];
        float[] predicted = [.. Enumerable.Range(0, 50).Select(i => (float)(0.6 * Math.Sin(0.37 * i + 0.4) + 0.1))];

        RegressionMetrics m = RegressionEvaluator.Evaluate(truth, predicted);
        float loss = Losses.ConcordanceCorrelation(Tensor.FromArray(predicted), Tensor.FromArray(truth), eps: 0f).Item();

        m.Ccc.Should().BeApproximately(1 - loss, 1e-5);
    }

    [Fact]
    public void Evaluate_BadInputs_ThrowNamingTheRow()
    {
        FluentActions.Invoking(() => RegressionEvaluator.Evaluate([1f, 2f], [1f]))
            .Should().Throw<ArgumentException>().WithMessage("truth has 2 values but predicted has 1*");
        FluentActions.Invoking(() => RegressionEvaluator.Evaluate([1f, 2f], [1f, float.NaN]))
            .Should().Throw<ArgumentException>().WithMessage("predicted[1] is NaN*");
        FluentActions.Invoking(() => RegressionEvaluator.Evaluate([1f, float.PositiveInfinity], [1f, 2f]))
            .Should().Throw<ArgumentException>().WithMessage("truth[1] is *; expected a finite value or NaN*");
        FluentActions.Invoking(() => RegressionEvaluator.Evaluate([float.NaN, float.NaN], [1f, 2f]))
            .Should().Throw<ArgumentException>().WithMessage("No truth present: all 2 values are NaN*");
        FluentActions.Invoking(() => RegressionEvaluator.Evaluate([], []))
            .Should().Throw<ArgumentException>().WithMessage("truth is empty*");
    }

    [Fact]
    public void EvaluateValenceArousal_SkipsMissingPerDimension()
    {
        ValenceArousalMetrics m = RegressionEvaluator.EvaluateValenceArousal(
            [0.5f, float.NaN, -0.5f], [0.4f, 0f, -0.4f],
            [0.1f, 0.2f, float.NaN], [0.1f, 0.3f, 9f]);

        m.Valence.RowCount.Should().Be(2);
        m.Valence.MissingCount.Should().Be(1);
        m.Valence.Mae.Should().BeApproximately(0.1, 1e-7);
        m.Arousal.RowCount.Should().Be(2);
        m.Arousal.Rmse.Should().BeApproximately(Math.Sqrt(0.01 / 2), 1e-7);
        m.ToTable().Should().Contain("CCC").And.Contain("Valence").And.Contain("Arousal");
        FluentActions.Invoking(() => RegressionEvaluator.EvaluateValenceArousal([1f], [1f], [float.NaN], [1f]))
            .Should().Throw<ArgumentException>().WithMessage("Arousal: No truth present*");
    }

    [Fact]
    public void ToJsonAndTable_WriteEveryMetric()
    {
        RegressionMetrics m = RegressionEvaluator.Evaluate([1f, 2f, 3f], [2f, 2f, 2f]);

        using JsonDocument json = JsonDocument.Parse(m.ToJson());
        json.RootElement.GetProperty("rmse").GetDouble().Should().BeApproximately(Math.Sqrt(2.0 / 3), Tol);
        json.RootElement.GetProperty("pcc").GetString().Should().Be("NaN");
        json.RootElement.GetProperty("rowCount").GetInt32().Should().Be(3);
        m.ToTable().Should().Contain("RMSE").And.Contain("0.8165").And.Contain("NaN");
    }
}
