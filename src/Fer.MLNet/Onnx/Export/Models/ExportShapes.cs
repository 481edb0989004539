using Fer.Tensors;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>Output-shape rules of the exported layers (PyTorch's formulas) and the adaptive pooling matrix.</summary>
internal static class ExportShapes
{
    public static int ConvOut(int input, int k, int s, int d, int pads) => (input + pads - d * (k - 1) - 1) / s + 1;

    public static int[] Pool(int[] shape, (int H, int W) k, (int H, int W) s, (int H, int W) p, (int H, int W) d, bool ceil) =>
        [shape[0], shape[1], PoolOut(shape[2], k.H, s.H, p.H, d.H, ceil), PoolOut(shape[3], k.W, s.W, p.W, d.W, ceil)];

    public static int PoolOut(int input, int k, int s, int p, int d, bool ceil)
    {
        int span = input + 2 * p - d * (k - 1) - 1;
        if (span < 0) throw new ArgumentException($"the window {k} (dilation {d}) does not fit input size {input} with padding {p}.");
        int o = (ceil ? (span + s - 1) / s : span / s) + 1;
        // PyTorch drops a last window that would start in the right padding.
        if (ceil && (o - 1) * s >= input + p) o--;
        return o;
    }

    public static int Axis(int dim, int rank)
    {
        int a = dim < 0 ? dim + rank : dim;
        if (a < 0 || a >= rank) throw new ArgumentException($"dim {dim} is out of range for rank {rank}.");
        return a;
    }

    public static void RequireRank(GraphValue x, int rank, string what)
    {
        if (x.Rank != rank)
            throw new ArgumentException($"{what} needs rank {rank}; got {x.DescribeShape()}.");
    }

    /// <summary>
    /// P [h * w, oh * ow] with P[y * w + x, i * ow + j] = 1 / window size when (y, x) lies in output
    /// (i, j)'s window: rows floor(i * h / oh) to ceil((i + 1) * h / oh), likewise for columns.
    /// </summary>
    public static Tensor AdaptivePoolMatrix(int h, int w, int oh, int ow)
    {
        var p = new float[checked(h * w * oh * ow)];
        for (int i = 0; i < oh; i++)
        {
            int y0 = i * h / oh, y1 = ((i + 1) * h + oh - 1) / oh;
            for (int j = 0; j < ow; j++)
            {
                int x0 = j * w / ow, x1 = ((j + 1) * w + ow - 1) / ow;
                float weight = 1f / ((y1 - y0) * (x1 - x0));
                for (int y = y0; y < y1; y++)
                    for (int x = x0; x < x1; x++) p[(y * w + x) * oh * ow + i * ow + j] = weight;
            }
        }
        return Tensor.Wrap(p, h * w, oh * ow);
    }
}
