using System.Diagnostics;
using Fer.Tensors.Kernels.Blocked;

namespace Fer.Benchmarks.Compare;

/// <summary>
/// <c>conv-variants CHANNELS SIZE</c>: the blocked convolution kernel alone on one 3x3 layer (batch 64,
/// CHANNELS in and out, SIZE x SIZE), with planar (NCHW) or blocked input and output, best of ten runs:
/// what the layout conversions and the transposing epilogue cost.
/// </summary>
internal static unsafe class ConvVariants
{
    public static int Run(string[] args)
    {
        int n = 64, c = int.Parse(args[1]), hw = int.Parse(args[2]), block = 16;
        Fer.Tensors.Threading.Parallelism.ThreadCount = 2;
        float[] w = new float[c * c * 9];
        for (int i = 0; i < w.Length; i++) w[i] = (i % 7) * 0.01f;
        foreach (var (pin, pout) in new[] { (true, true), (false, true), (true, false), (false, false) })
        {
            var inL = new BlockedLayout(c, hw, hw, 1, 1, block, pin);
            var outL = new BlockedLayout(c, hw, hw, 0, 0, block, pout);
            float[] x = GC.AllocateArray<float>((int)(n * inL.ImageStride), pinned: true);
            float[] y = GC.AllocateArray<float>((int)(n * outL.ImageStride), pinned: true);
            float[] pw = GC.AllocateArray<float>(BlockedConv2d.PackedLength(c, c, 3, 3, block, pin), pinned: true);
            float[] pb = GC.AllocateArray<float>(c + 64, pinned: true);
            BlockedConv2d.Pack(w, c, c, 3, 3, block, pin, false, pw);
            double best = double.MaxValue;
            for (int r = 0; r < 12; r++)
            {
                long t = Stopwatch.GetTimestamp();
                fixed (float* px = x, py = y, ppw = pw, ppb = pb)
                {
                    var a = new BlockedConvArgs
                    {
                        Input = px + inL.Offset(-1, -1), InRow = inL.RowStride, InBlock = inL.BlockStride, InImage = inL.ImageStride, InBlocks = inL.Blocks,
                        Weights = ppw, Bias = ppb, Output = py, OutRow = outL.RowStride, OutBlock = outL.BlockStride, OutImage = outL.ImageStride,
                        OutH = hw, OutW = hw, Images = n,
                    };
                    BlockedConv2d.Execute(ref a, c, c, 3, 3, 1, 1, block, pin, pout);
                }
                if (r > 1) best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalSeconds);
            }
            double flops = 2.0 * n * hw * hw * c * c * 9;
            Console.WriteLine($"in {(pin ? "planar " : "blocked")} out {(pout ? "planar " : "blocked")}: {best * 1e3:F2} ms {flops / best / 1e9:F0} GF/s");
        }
        return 0;
    }
}
