using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Fer.Tensors.Threading;

namespace Fer.Tensors.Kernels.Normalization;

/// <summary>
/// Layer normalisation of the rows of a contiguous [m, d] block: per row mean and biased variance
/// (shifted double sums), y = (x - mean) * invStd * w + b. Rows are independent (parallel over rows);
/// the weight and bias gradients are reduced over rows per column block, each column by one thread,
/// so results do not depend on the thread count.
/// </summary>
internal static class LayerNormKernel
{
    private static int MinRowsPerChunk(int d) => Math.Max(1, 16384 / Math.Max(1, d));

    internal static void Forward(float[] x, int xOffset, int m, int d, float[]? w, float[]? b, float eps, float[] y, float[] mean, float[] invStd)
    {
        Parallelism.For(m, MinRowsPerChunk(d), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                ReadOnlySpan<float> row = x.AsSpan(xOffset + r * d, d);
                double sum = 0, squares = 0;
                float shift = d > 0 ? row[0] : 0f;
                MomentSums.Shifted(row, shift, ref sum, ref squares);
                double dm = sum / d;
                double v = Math.Max(squares / d - dm * dm, 0);
                float mu = (float)(shift + dm), istd = (float)(1 / Math.Sqrt(v + eps));
                mean[r] = mu;
                invStd[r] = istd;
                Span<float> yr = y.AsSpan(r * d, d);
                MomentSums.Affine(row, mu, istd, 0f, yr);
                if (w is not null) System.Numerics.Tensors.TensorPrimitives.Multiply(yr, w, yr);
                if (b is not null) System.Numerics.Tensors.TensorPrimitives.Add(yr, b, yr);
            }
        });
    }

    /// <summary>
    /// dx = invStd * (gw - mean(gw) - xhat * mean(gw * xhat)) with gw = g * w, per row; then
    /// dw = sum over rows of g * xhat and db = sum over rows of g.
    /// </summary>
    internal static void Backward(float[] x, int xOffset, float[] g, int gOffset, int m, int d, float[] mean, float[] invStd, float[]? w,
        float[]? dx, float[]? dw, float[]? db)
    {
        if (dx is not null)
        {
            Parallelism.For(m, MinRowsPerChunk(d), (r0, r1) =>
            {
                float[]? gwBuffer = w is null ? null : new float[d];
                for (int r = r0; r < r1; r++)
                {
                    ReadOnlySpan<float> gr = g.AsSpan(gOffset + r * d, d), xr = x.AsSpan(xOffset + r * d, d);
                    if (gwBuffer is not null)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Multiply(gr, w, gwBuffer);
                        gr = gwBuffer;
                    }
                    double sumG = 0, sumGx = 0;
                    MomentSums.Gradient(gr, xr, mean[r], ref sumG, ref sumGx);
                    float istd = invStd[r];
                    float bCoef = (float)((double)istd * istd * istd * sumGx / d);
                    float cCoef = (float)(istd * sumG / d);
                    MomentSums.InputGradient(gr, xr, mean[r], istd, bCoef, cCoef, dx.AsSpan(r * d, d));
                }
            });
        }
        if (dw is null && db is null) return;
        Parallelism.For(d, Math.Max(1, 65536 / Math.Max(1, m)), (j0, j1) =>
        {
            int len = j1 - j0;
            var accW = new double[len];
            var accB = new double[len];
            var xhat = new float[len];
            for (int r = 0; r < m; r++)
            {
                ReadOnlySpan<float> gr = g.AsSpan(gOffset + r * d + j0, len);
                MomentSums.Affine(x.AsSpan(xOffset + r * d + j0, len), mean[r], invStd[r], 0f, xhat);
                AccumulateProducts(gr, xhat, accW, accB);
            }
            for (int j = 0; j < len; j++)
            {
                if (dw is not null) dw[j0 + j] = (float)accW[j];
                if (db is not null) db[j0 + j] = (float)accB[j];
            }
        });
    }

    /// <summary>accW += g * xhat and accB += g, element-wise in double.</summary>
    private static void AccumulateProducts(ReadOnlySpan<float> g, ReadOnlySpan<float> xhat, double[] accW, double[] accB)
    {
        int n = g.Length, k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float gr = ref MemoryMarshal.GetReference(g);
            ref float hr = ref MemoryMarshal.GetReference(xhat);
            ref double wr = ref MemoryMarshal.GetArrayDataReference(accW);
            ref double br = ref MemoryMarshal.GetArrayDataReference(accB);
            int half = Vector256<double>.Count;
            for (; k <= n - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                var (glo, ghi) = Vector256.Widen(Vector256.LoadUnsafe(ref gr, (nuint)k));
                var (hlo, hhi) = Vector256.Widen(Vector256.LoadUnsafe(ref hr, (nuint)k));
                Vector256.MultiplyAddEstimate(glo, hlo, Vector256.LoadUnsafe(ref wr, (nuint)k)).StoreUnsafe(ref wr, (nuint)k);
                Vector256.MultiplyAddEstimate(ghi, hhi, Vector256.LoadUnsafe(ref wr, (nuint)(k + half))).StoreUnsafe(ref wr, (nuint)(k + half));
                (Vector256.LoadUnsafe(ref br, (nuint)k) + glo).StoreUnsafe(ref br, (nuint)k);
                (Vector256.LoadUnsafe(ref br, (nuint)(k + half)) + ghi).StoreUnsafe(ref br, (nuint)(k + half));
            }
        }
        for (; k < n; k++)
        {
            accW[k] += (double)g[k] * xhat[k];
            accB[k] += g[k];
        }
    }
}
