namespace Fer.Tensors.Kernels.Normalization;

/// <summary>Layer normalisation of [m, d] rows in double precision with two-pass statistics (the oracle for <see cref="LayerNormKernel"/>).</summary>
internal static class LayerNormReference
{
    internal static double[] Forward(double[] x, int m, int d, double[]? w, double[]? b, double eps)
    {
        var y = new double[x.Length];
        for (int r = 0; r < m; r++)
        {
            double mean = 0;
            for (int j = 0; j < d; j++) mean += x[r * d + j];
            mean /= d;
            double v = 0;
            for (int j = 0; j < d; j++) v += Math.Pow(x[r * d + j] - mean, 2);
            v /= d;
            for (int j = 0; j < d; j++)
                y[r * d + j] = (x[r * d + j] - mean) / Math.Sqrt(v + eps) * (w?[j] ?? 1) + (b?[j] ?? 0);
        }
        return y;
    }
}
