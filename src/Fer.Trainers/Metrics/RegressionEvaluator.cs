namespace Fer.Trainers.Metrics;

/// <summary>
/// Regression metrics of (truth, prediction) pairs, in double precision. Pairs whose truth is NaN
/// (a missing valence or arousal) are skipped and counted. Definitions, with population (divide by N) statistics:
/// <list type="bullet">
/// <item>RMSE = sqrt(mean((y - p)²)); MAE = mean(|y - p|).</item>
/// <item>PCC = cov(y, p) / (σ_y σ_p); NaN when y or p is constant (as scipy's <c>pearsonr</c>).</item>
/// <item>CCC = 2 cov(y, p) / (σ_y² + σ_p² + (μ_y - μ_p)²), the quantity behind
/// <c>Fer.Tensors.Nn.Losses.ConcordanceCorrelation</c> (which adds eps to the denominator); without eps it is
/// NaN only when y and p are the same constant, and 0 when just one of them is constant.</item>
/// <item>SAGR = mean(sign(y) == sign(p)) with sign(0) = 0 (numpy's <c>sign</c>): a zero truth agrees only with a zero prediction.</item>
/// <item>R² = 1 - SS_res / SS_tot; for constant truth 1 when the predictions are exact and 0 otherwise
/// (scikit-learn's <c>r2_score</c> with <c>force_finite=True</c>).</item>
/// </list>
/// </summary>
public static class RegressionEvaluator
{
    /// <summary>Computes the metrics of <paramref name="predicted"/> against <paramref name="truth"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a truth is infinite, a prediction (of a row with truth) is NaN or infinite, or no truth is present.
    /// </exception>
    public static RegressionMetrics Evaluate(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted) => Compute(truth, predicted, "");

    /// <summary>Metrics of valence and arousal, each skipping its own missing (NaN) truths.</summary>
    /// <exception cref="ArgumentException">As <see cref="Evaluate"/>, for either dimension (the message says which).</exception>
    public static ValenceArousalMetrics EvaluateValenceArousal(ReadOnlySpan<float> valence, ReadOnlySpan<float> predictedValence, ReadOnlySpan<float> arousal, ReadOnlySpan<float> predictedArousal)
        => new() { Valence = Compute(valence, predictedValence, "Valence: "), Arousal = Compute(arousal, predictedArousal, "Arousal: ") };

    private static RegressionMetrics Compute(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted, string what)
    {
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"{what}truth has {truth.Length} values but predicted has {predicted.Length}.", nameof(predicted));
        int n = 0, missing = 0;
        double sumY = 0, sumP = 0, squared = 0, absolute = 0;
        long signMatches = 0;
        float firstY = float.NaN, firstP = float.NaN;
        bool constantY = true, constantP = true;
        for (int i = 0; i < truth.Length; i++)
        {
            float y = truth[i], p = predicted[i];
            if (float.IsNaN(y))
            {
                missing++;
                continue;
            }
            if (float.IsInfinity(y)) throw new ArgumentException($"{what}truth[{i}] is {y}; expected a finite value or NaN (missing).", nameof(truth));
            if (!float.IsFinite(p)) throw new ArgumentException($"{what}predicted[{i}] is {p}; predictions must be finite.", nameof(predicted));
            if (n == 0)
            {
                firstY = y;
                firstP = p;
            }
            constantY &= y == firstY;
            constantP &= p == firstP;
            n++;
            sumY += y;
            sumP += p;
            double e = (double)y - p;
            squared += e * e;
            absolute += Math.Abs(e);
            if (Math.Sign(y) == Math.Sign(p)) signMatches++;
        }
        if (n == 0)
            throw new ArgumentException(truth.Length == 0 ? $"{what}truth is empty: nothing to evaluate." : $"{what}No truth present: all {truth.Length} values are NaN (missing).", nameof(truth));

        double meanY = sumY / n, meanP = sumP / n;
        double syy = 0, spp = 0, syp = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            if (float.IsNaN(truth[i])) continue;
            double dy = truth[i] - meanY, dp = predicted[i] - meanP;
            syy += dy * dy;
            spp += dp * dp;
            syp += dy * dp;
        }
        // Constant columns get exactly zero spread (the computed mean of equal floats may be off by an ulp).
        if (constantY) syy = syp = 0;
        if (constantP) spp = syp = 0;
        double meanGap = constantY && constantP ? (double)firstY - firstP : meanY - meanP;
        double cccDenominator = (syy + spp) / n + meanGap * meanGap;

        return new RegressionMetrics
        {
            RowCount = n,
            MissingCount = missing,
            Rmse = Math.Sqrt(squared / n),
            Mae = absolute / n,
            Pcc = constantY || constantP ? double.NaN : syp / Math.Sqrt(syy * spp),
            Ccc = cccDenominator == 0 ? double.NaN : 2 * (syp / n) / cccDenominator,
            Sagr = (double)signMatches / n,
            RSquared = constantY ? (squared == 0 ? 1 : 0) : 1 - squared / syy,
        };
    }
}
