namespace Fer.Tensors.Kernels.Normalization;

/// <summary>Batch normalisation over [n, c, s] in double precision, two-pass statistics, straight from the definitions (the oracle for <see cref="BatchNormKernel"/>).</summary>
internal static class BatchNormReference
{
    /// <summary>Per-channel batch mean and biased variance.</summary>
    internal static (double[] Mean, double[] Variance) Moments(double[] x, int n, int c, int s)
    {
        var mean = new double[c];
        var variance = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            double sum = 0;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++) sum += x[(b * c + ch) * s + i];
            mean[ch] = sum / (n * s);
            double sq = 0;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++) sq += Math.Pow(x[(b * c + ch) * s + i] - mean[ch], 2);
            variance[ch] = sq / (n * s);
        }
        return (mean, variance);
    }

    /// <summary>y = (x - mean) / sqrt(var + eps) * gamma + beta with the given per-channel statistics.</summary>
    internal static double[] Normalize(double[] x, int n, int c, int s, double[] mean, double[] variance, double[]? gamma, double[]? beta, double eps)
    {
        var y = new double[x.Length];
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < s; i++)
                {
                    int at = (b * c + ch) * s + i;
                    y[at] = (x[at] - mean[ch]) / Math.Sqrt(variance[ch] + eps) * (gamma?[ch] ?? 1) + (beta?[ch] ?? 0);
                }
        return y;
    }

    /// <summary>The training-mode input gradient written out term by term: dx = gamma/sigma * (g - mean(g) - xhat * mean(g * xhat)).</summary>
    internal static double[] TrainInputGradient(double[] x, double[] g, int n, int c, int s, double[]? gamma, double eps)
    {
        var (mean, variance) = Moments(x, n, c, s);
        var dx = new double[x.Length];
        int m = n * s;
        for (int ch = 0; ch < c; ch++)
        {
            double sigma = Math.Sqrt(variance[ch] + eps), sg = 0, sgx = 0;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++)
                {
                    int at = (b * c + ch) * s + i;
                    sg += g[at];
                    sgx += g[at] * (x[at] - mean[ch]) / sigma;
                }
            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++)
                {
                    int at = (b * c + ch) * s + i;
                    double xhat = (x[at] - mean[ch]) / sigma;
                    dx[at] = (gamma?[ch] ?? 1) / sigma * (g[at] - sg / m - xhat * sgx / m);
                }
        }
        return dx;
    }
}
