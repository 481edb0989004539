namespace Fer.Tensors.Kernels.Activations;

/// <summary>Softmax and log-softmax over [outer, n, inner] in double precision, written from the definition (the oracle for <see cref="SoftmaxKernel"/>).</summary>
internal static class SoftmaxReference
{
    internal static double[] Forward(double[] x, int outer, int n, int inner, bool log)
    {
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double max = double.NegativeInfinity;
                for (int r = 0; r < n; r++) max = Math.Max(max, x[(o * n + r) * inner + i]);
                double sum = 0;
                for (int r = 0; r < n; r++) sum += Math.Exp(x[(o * n + r) * inner + i] - max);
                for (int r = 0; r < n; r++)
                {
                    int at = (o * n + r) * inner + i;
                    y[at] = log ? x[at] - max - Math.Log(sum) : Math.Exp(x[at] - max) / sum;
                }
            }
        return y;
    }
}
