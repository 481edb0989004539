using System.Numerics.Tensors;
using Fer.Tensors.Kernels.Activations;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Losses;

/// <summary>
/// Fused log-softmax + negative log-likelihood over logits [n, c] (contiguous rows), with class
/// weights and label smoothing as PyTorch 1.13. Per row only the log-sum-exp is kept for the
/// backward; the gradient is p * T - t with p = softmax(x) and t the row's "target mass"
/// (T = sum t), scaled by the row's share of the output gradient. Rows are independent and the
/// row losses are summed afterwards in row order, so results do not depend on the thread count.
/// </summary>
internal static class CrossEntropyKernel
{
    private static int MinRows(int c) => Math.Max(1, 8192 / Math.Max(1, c));

    /// <summary>lse[i] = max + log(sum(exp(x[i] - max))).</summary>
    internal static void LogSumExp(float[] x, int xOffset, int n, int c, float[] lse)
    {
        Parallelism.For(n, MinRows(c), (r0, r1) =>
        {
            var buffer = new float[c];
            for (int i = r0; i < r1; i++)
            {
                ReadOnlySpan<float> row = x.AsSpan(xOffset + i * c, c);
                float max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, buffer);
                lse[i] = max + MathF.Log(SoftmaxKernel.SumExp(buffer));
            }
        });
    }

    /// <summary>
    /// Class-index targets: rowLoss[i] = (1 - ls) w[y] (lse - x[y]) + (ls / c) sum_k w[k] (lse - x[k]) and
    /// rowWeight[i] = w[y] (both 0 for an ignored row).
    /// </summary>
    internal static void IndexForward(float[] x, int xOffset, int n, int c, int[] targets, float[]? w, float smoothing, int? ignoreIndex,
        float[] lse, double[] rowLoss, double[] rowWeight)
    {
        double wSum = w is null ? c : Sum(w);
        Parallelism.For(n, MinRows(c), (r0, r1) =>
        {
            for (int i = r0; i < r1; i++)
            {
                int y = targets[i];
                if (y == ignoreIndex)
                {
                    rowLoss[i] = 0;
                    rowWeight[i] = 0;
                    continue;
                }
                ReadOnlySpan<float> row = x.AsSpan(xOffset + i * c, c);
                double wy = w?[y] ?? 1.0;
                double loss = (1 - (double)smoothing) * wy * (lse[i] - (double)row[y]);
                if (smoothing != 0)
                {
                    double weighted = w is null ? TensorPrimitives.Sum(row) : TensorPrimitives.Dot(w, row);
                    loss += smoothing / (double)c * (wSum * lse[i] - weighted);
                }
                rowLoss[i] = loss;
                rowWeight[i] = wy;
            }
        });
    }

    /// <summary>dx[i] = coef[i] * (p * ((1 - ls) w[y] + ls/c * W) - ls/c * w - (1 - ls) w[y] e_y); 0 for ignored rows.</summary>
    internal static void IndexBackward(float[] x, int xOffset, int n, int c, int[] targets, float[]? w, float smoothing, int? ignoreIndex,
        float[] lse, float[] coef, float[] dx)
    {
        float wSum = w is null ? c : (float)Sum(w);
        float share = smoothing / c;
        Parallelism.For(n, MinRows(c), (r0, r1) =>
        {
            for (int i = r0; i < r1; i++)
            {
                Span<float> d = dx.AsSpan(i * c, c);
                int y = targets[i];
                if (y == ignoreIndex)
                {
                    d.Clear();
                    continue;
                }
                float wy = w?[y] ?? 1f;
                float k = coef[i];
                TensorPrimitives.Subtract(x.AsSpan(xOffset + i * c, c), lse[i], d);
                TensorPrimitives.Exp(d, d);
                TensorPrimitives.Multiply(d, k * ((1 - smoothing) * wy + share * wSum), d);
                if (smoothing != 0)
                {
                    if (w is null) TensorPrimitives.Subtract(d, k * share, d);
                    else TensorPrimitives.MultiplyAdd(w, -k * share, d, d);
                }
                d[y] -= k * (1 - smoothing) * wy;
            }
        });
    }

    /// <summary>Probability targets q [n, c]: rowLoss[i] = sum_k w[k] q'[k] (lse - x[k]) with q' = (1 - ls) q + ls / c.</summary>
    internal static void ProbabilityForward(float[] x, int xOffset, float[] q, int qOffset, int n, int c, float[]? w, float smoothing,
        float[] lse, double[] rowLoss)
    {
        Parallelism.For(n, MinRows(c), (r0, r1) =>
        {
            for (int i = r0; i < r1; i++)
            {
                double loss = 0;
                for (int k = 0; k < c; k++)
                {
                    double qs = (1 - (double)smoothing) * q[qOffset + i * c + k] + smoothing / (double)c;
                    loss += (w?[k] ?? 1.0) * qs * (lse[i] - (double)x[xOffset + i * c + k]);
                }
                rowLoss[i] = loss;
            }
        });
    }

    /// <summary>dx[i] = coef[i] (p T - w q') with T = sum w q'; dq[i] = coef[i] (1 - ls) w (lse - x).</summary>
    internal static void ProbabilityBackward(float[] x, int xOffset, float[] q, int qOffset, int n, int c, float[]? w, float smoothing,
        float[] lse, float[] coef, float[]? dx, float[]? dq)
    {
        Parallelism.For(n, MinRows(c), (r0, r1) =>
        {
            var target = new float[c];
            for (int i = r0; i < r1; i++)
            {
                ReadOnlySpan<float> row = x.AsSpan(xOffset + i * c, c);
                float k = coef[i];
                if (dx is not null)
                {
                    for (int j = 0; j < c; j++)
                        target[j] = (w?[j] ?? 1f) * ((1 - smoothing) * q[qOffset + i * c + j] + smoothing / c);
                    float mass = TensorPrimitives.Sum(target);
                    Span<float> d = dx.AsSpan(i * c, c);
                    TensorPrimitives.Subtract(row, lse[i], d);
                    TensorPrimitives.Exp(d, d);
                    TensorPrimitives.Multiply(d, k * mass, d);
                    TensorPrimitives.MultiplyAdd(target, -k, d, d);
                }
                if (dq is not null)
                {
                    for (int j = 0; j < c; j++)
                        dq[i * c + j] = k * (1 - smoothing) * (w?[j] ?? 1f) * (lse[i] - row[j]);
                }
            }
        });
    }

    private static double Sum(float[] v)
    {
        double s = 0;
        foreach (float f in v) s += f;
        return s;
    }
}
