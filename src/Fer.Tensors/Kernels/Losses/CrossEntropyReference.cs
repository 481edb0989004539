namespace Fer.Tensors.Kernels.Losses;

/// <summary>
/// Cross-entropy over [n, c] in double precision, composed as PyTorch 1.13 composes it:
/// log_softmax, then nll_loss and the label-smoothing term with their reductions (the oracle for
/// <see cref="CrossEntropyKernel"/>). Returns n values for <see cref="Nn.Reduction.None"/>, else one.
/// </summary>
internal static class CrossEntropyReference
{
    internal static double[] LogSoftmax(double[] x, int n, int c)
    {
        var lp = new double[x.Length];
        for (int i = 0; i < n; i++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int k = 0; k < c; k++) max = Math.Max(max, x[i * c + k]);
            for (int k = 0; k < c; k++) sum += Math.Exp(x[i * c + k] - max);
            for (int k = 0; k < c; k++) lp[i * c + k] = x[i * c + k] - max - Math.Log(sum);
        }
        return lp;
    }

    internal static double[] Index(double[] x, int n, int c, int[] targets, double[]? w, double smoothing, int? ignoreIndex, Nn.Reduction reduction)
    {
        double[] lp = LogSoftmax(x, n, c);
        var nll = new double[n];
        var smooth = new double[n];
        double weightTotal = 0;
        for (int i = 0; i < n; i++)
        {
            if (targets[i] == ignoreIndex) continue;
            double wy = w?[targets[i]] ?? 1;
            nll[i] = -wy * lp[i * c + targets[i]];
            weightTotal += wy;
            for (int k = 0; k < c; k++) smooth[i] -= (w?[k] ?? 1) * lp[i * c + k];
        }
        return Combine(nll, smooth, smoothing / c, 1 - smoothing, reduction, weightTotal);
    }

    internal static double[] Probability(double[] x, double[] q, int n, int c, double[]? w, double smoothing, Nn.Reduction reduction)
    {
        double[] lp = LogSoftmax(x, n, c);
        var loss = new double[n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < c; k++)
                loss[i] -= (w?[k] ?? 1) * ((1 - smoothing) * q[i * c + k] + smoothing / c) * lp[i * c + k];
        return Combine(loss, new double[n], 0, 1, reduction, n);
    }

    private static double[] Combine(double[] a, double[] b, double bScale, double aScale, Nn.Reduction reduction, double divisor)
    {
        double[] rows = a.Select((v, i) => aScale * v + bScale * b[i]).ToArray();
        return reduction switch
        {
            Nn.Reduction.None => rows,
            Nn.Reduction.Sum => [rows.Sum()],
            Nn.Reduction.Mean => [rows.Sum() / divisor],
            _ => throw new ArgumentOutOfRangeException(nameof(reduction)),
        };
    }
}
