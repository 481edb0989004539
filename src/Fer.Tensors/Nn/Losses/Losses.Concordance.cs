namespace Fer.Tensors.Nn;

public static partial class Losses
{
    /// <summary>
    /// Concordance correlation loss 1 - CCC for regression (valence/arousal), with
    /// CCC = 2 cov(x, y) / (var(x) + var(y) + (mean(x) - mean(y))^2 + eps) over the batch (dimension 0),
    /// using population (biased, divide by N) statistics. For [N, D] inputs each column is scored;
    /// <see cref="Reduction.Mean"/> averages 1 - CCC over D, Sum adds, None returns [D] ([] for [N] input).
    /// <paramref name="eps"/> keeps the loss defined when both inputs are constant and equal: CCC is 0 there
    /// (loss 1) instead of 0/0.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, the rank is not 1 or 2, N is 0, or eps is negative.</exception>
    public static Tensor ConcordanceCorrelation(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, float eps = 1e-8f)
    {
        const string Name = "ConcordanceCorrelation";
        CheckSameShape(input, target, Name);
        if (input.Rank is not (1 or 2) || input.Size(0) == 0)
            throw new ArgumentException($"{Name}: expected [N] or [N, D] with N >= 1; got shape {Tensor.FormatShape(input.Shape)}.", nameof(input));
        if (!(eps >= 0f) || !float.IsFinite(eps)) throw new ArgumentException($"{Name}: eps must be finite and >= 0; got {eps}.", nameof(eps));
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None)) throw BadReduction(reduction, Name);
        Tensor mx = input.Mean(0, keepDim: true), my = target.Mean(0, keepDim: true);
        Tensor xc = input.Sub(mx), yc = target.Sub(my);
        Tensor varX = xc.Square().Mean(0), varY = yc.Square().Mean(0), cov = xc.Mul(yc).Mean(0);
        Tensor meanGap = mx.Sub(my).Squeeze(0).Square();
        Tensor ccc = cov.Mul(2f).Div(varX.Add(varY).Add(meanGap).Add(eps));
        Tensor loss = ccc.Neg().Add(1f);
        return reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => loss.Sum(),
            _ => loss.Mean(),
        };
    }
}
