namespace Fer.Tensors.Nn;

public static partial class Losses
{
    /// <summary>
    /// Negative log-likelihood of class indices under log-probabilities [N, C] (PyTorch's nll_loss):
    /// per row -w[y] * logProbs[i, y]; <see cref="Reduction.Mean"/> divides by the total weight of
    /// the non-ignored rows. Rows whose target equals <paramref name="ignoreIndex"/> contribute 0.
    /// </summary>
    /// <param name="logProbs">[N, C] log-probabilities (e.g. from <see cref="Functional.LogSoftmax"/>).</param>
    /// <param name="targets">N class indices in [0, C).</param>
    /// <param name="weights">[C] weight per class, or null.</param>
    /// <param name="ignoreIndex">A target value to skip, or null for none.</param>
    /// <param name="reduction">Mean (default), Sum, or None for [N] losses.</param>
    /// <exception cref="ArgumentException">Shapes do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is out of range (the message names the row and value).</exception>
    public static Tensor Nll(Tensor logProbs, ReadOnlySpan<int> targets, Tensor? weights = null, int? ignoreIndex = null, Reduction reduction = Reduction.Mean)
    {
        const string Name = "Nll";
        CheckIndexTargets(logProbs, targets, ignoreIndex, Name, nameof(logProbs));
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None)) throw BadReduction(reduction, Name);
        int n = logProbs.Size(0), c = logProbs.Size(1);
        float[]? w = CheckClassWeights(weights, c, Name);
        int[] t = targets.ToArray();
        Tensor lp = logProbs.IsContiguous ? logProbs.Detach() : logProbs.CloneData();
        var rowLoss = new double[n];
        var rowWeight = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (t[i] == ignoreIndex) continue;
            rowWeight[i] = w?[t[i]] ?? 1.0;
            rowLoss[i] = -rowWeight[i] * lp.Storage[lp.Offset + i * c + t[i]];
        }
        double divisor = reduction == Reduction.Mean ? rowWeight.Sum() : 1;
        Tensor loss = ReduceRows(rowLoss, reduction, divisor);
        return Tensor.Record(loss, "nll_loss", logProbs, g =>
        {
            float[] coef = RowCoefficients(g, n, reduction, divisor);
            var dx = Tensor.Zeros(n, c);
            for (int i = 0; i < n; i++)
                if (t[i] != ignoreIndex) dx.Storage[i * c + t[i]] = -(float)rowWeight[i] * coef[i];
            return dx;
        });
    }
}
