using System.Numerics.Tensors;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Normalization;

/// <summary>
/// Batch normalisation over a contiguous [n, c, s] block (s = L, or H*W, or 1), one channel per
/// task: statistics in one pass with shifted double sums, then one pass that normalises. Each
/// channel is reduced by one thread in a fixed order, so results do not depend on the thread count.
/// </summary>
internal static class BatchNormKernel
{
    private static int MinChannelsPerChunk(int n, int s) => Math.Max(1, 32768 / Math.Max(1, n * s));

    /// <summary>
    /// Training forward: per channel the batch mean, biased variance (written to <paramref name="variance"/>)
    /// and 1/sqrt(var + eps), then y = (x - mean) * invStd * gamma + beta.
    /// </summary>
    internal static void TrainForward(float[] x, int xOffset, int n, int c, int s, float[]? gamma, float[]? beta, float eps,
        float[] y, float[] mean, float[] invStd, double[] variance)
    {
        Parallelism.For(c, MinChannelsPerChunk(n, s), (c0, c1) =>
        {
            for (int ch = c0; ch < c1; ch++)
            {
                float shift = x[xOffset + ch * s];
                double sum = 0, squares = 0;
                for (int b = 0; b < n; b++)
                    MomentSums.Shifted(x.AsSpan(xOffset + (b * c + ch) * s, s), shift, ref sum, ref squares);
                double count = (double)n * s;
                double d = sum / count;
                double v = Math.Max(squares / count - d * d, 0);
                variance[ch] = v;
                mean[ch] = (float)(shift + d);
                invStd[ch] = (float)(1 / Math.Sqrt(v + eps));
                Normalize(x, xOffset, n, c, s, ch, mean[ch], invStd[ch], gamma, beta, y);
            }
        });
    }

    /// <summary>Evaluation forward with given statistics: y = (x - mean) * invStd * gamma + beta.</summary>
    internal static void EvalForward(float[] x, int xOffset, int n, int c, int s, float[] mean, float[] invStd, float[]? gamma, float[]? beta, float[] y)
    {
        Parallelism.For(c, MinChannelsPerChunk(n, s), (c0, c1) =>
        {
            for (int ch = c0; ch < c1; ch++) Normalize(x, xOffset, n, c, s, ch, mean[ch], invStd[ch], gamma, beta, y);
        });
    }

    private static void Normalize(float[] x, int xOffset, int n, int c, int s, int ch, float mean, float invStd, float[]? gamma, float[]? beta, float[] y)
    {
        float scale = invStd * (gamma?[ch] ?? 1f);
        float shift = beta?[ch] ?? 0f;
        for (int b = 0; b < n; b++)
        {
            int at = (b * c + ch) * s;
            MomentSums.Affine(x.AsSpan(xOffset + at, s), mean, scale, shift, y.AsSpan(at, s));
        }
    }

    /// <summary>
    /// Backward: dbeta = sum(g), dgamma = sum(g * xhat) and, when <paramref name="dx"/> is given,
    /// the input gradient: in training (statistics depend on x)
    /// dx = gamma * invStd * (g - mean(g) - xhat * mean(g * xhat)); in evaluation dx = g * gamma * invStd.
    /// </summary>
    internal static void Backward(float[] x, int xOffset, float[] g, int gOffset, int n, int c, int s, float[] mean, float[] invStd,
        float[]? gamma, bool training, float[]? dx, float[]? dgamma, float[]? dbeta)
    {
        Parallelism.For(c, MinChannelsPerChunk(n, s), (c0, c1) =>
        {
            for (int ch = c0; ch < c1; ch++)
            {
                float m = mean[ch], istd = invStd[ch], gm = gamma?[ch] ?? 1f;
                double sumG = 0, sumGx = 0;
                if (dgamma is not null || dbeta is not null || training)
                {
                    for (int b = 0; b < n; b++)
                    {
                        int at = (b * c + ch) * s;
                        MomentSums.Gradient(g.AsSpan(gOffset + at, s), x.AsSpan(xOffset + at, s), m, ref sumG, ref sumGx);
                    }
                }
                if (dbeta is not null) dbeta[ch] = (float)sumG;
                if (dgamma is not null) dgamma[ch] = (float)(sumGx * istd);
                if (dx is null) continue;
                float a = gm * istd;
                if (!training)
                {
                    for (int b = 0; b < n; b++)
                    {
                        int at = (b * c + ch) * s;
                        TensorPrimitives.Multiply(g.AsSpan(gOffset + at, s), a, dx.AsSpan(at, s));
                    }
                    continue;
                }
                double count = (double)n * s;
                float bCoef = (float)(a * (double)istd * istd * sumGx / count);
                float cCoef = (float)(a * sumG / count);
                for (int b = 0; b < n; b++)
                {
                    int at = (b * c + ch) * s;
                    MomentSums.InputGradient(g.AsSpan(gOffset + at, s), x.AsSpan(xOffset + at, s), m, a, bCoef, cCoef, dx.AsSpan(at, s));
                }
            }
        });
    }
}
