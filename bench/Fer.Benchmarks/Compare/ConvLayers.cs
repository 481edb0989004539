using System.Diagnostics;
using System.Globalization;
using Fer.Tensors.Kernels.Convolution;

namespace Fer.Benchmarks.Compare;

/// <summary>
/// <c>conv-layers [--batch 32] [--rounds 3]</c>: times the forward, input-gradient and weight-gradient
/// kernels of every distinct convolution of ResNet-18 at 112x112 and of the VGG FER net at 48x48
/// (GFLOP/s per phase), to see which layers and phases fall short of the GEMM rate; <c>--vgg [--ferplus]</c> the VGG nets' layers. <c>--threads 1 --cpu</c>
/// times by thread CPU time, which a busy machine disturbs far less than wall time.
/// bench/scripts/torch_conv_layers.py prints the same table for PyTorch.
/// </summary>
internal static class ConvLayers
{
    public static readonly (string Name, int InC, int Size, int OutC, int K, int Stride, int Pad, int Count)[] Layers =
    [
        ("r18.conv1", 3, 112, 64, 7, 2, 3, 1),
        ("r18.l1", 64, 28, 64, 3, 1, 1, 4),
        ("r18.l2.down3x3", 64, 28, 128, 3, 2, 1, 1),
        ("r18.l2.1x1", 64, 28, 128, 1, 2, 0, 1),
        ("r18.l2", 128, 14, 128, 3, 1, 1, 3),
        ("r18.l3.down3x3", 128, 14, 256, 3, 2, 1, 1),
        ("r18.l3.1x1", 128, 14, 256, 1, 2, 0, 1),
        ("r18.l3", 256, 7, 256, 3, 1, 1, 3),
        ("r18.l4.down3x3", 256, 7, 512, 3, 2, 1, 1),
        ("r18.l4.1x1", 256, 7, 512, 1, 2, 0, 1),
        ("r18.l4", 512, 4, 512, 3, 1, 1, 3),
    ];

    public static int Run(string[] args)
    {
        int batch = IntOption(args, "--batch", 32), rounds = IntOption(args, "--rounds", 3);
        Fer.Tensors.Threading.Parallelism.ThreadCount = IntOption(args, "--threads", 2);
        bool vgg = args.Contains("--vgg");
        Fer.Tensors.Kernels.GemmBlocking.DirectAMaxColumns = IntOption(args, "--direct", Fer.Tensors.Kernels.GemmBlocking.DirectAMaxColumns);
        cpuClock = args.Contains("--cpu");
        var layers = vgg ? VggLayers(args.Contains("--ferplus") ? 32 : 64) : Layers;
        double[] totals = new double[3];
        Console.WriteLine($"{"layer",-16} {"x",2} {"fwd ms",8} {"GF/s",6} {"dx ms",8} {"GF/s",6} {"dw ms",8} {"GF/s",6}");
        foreach (var l in layers)
        {
            int o = (l.Size + 2 * l.Pad - l.K) / l.Stride + 1;
            var g = new ConvGeometry(batch, l.InC, l.Size, l.Size, l.OutC, o, o, l.K, l.K, l.Stride, l.Stride, l.Pad, l.Pad, 1, 1, 1);
            float[] x = Fill(batch * l.InC * l.Size * l.Size), w = Fill(l.OutC * l.InC * l.K * l.K), y = new float[batch * l.OutC * o * o];
            float[] dy = Fill(y.Length), dx = new float[x.Length], dw = new float[w.Length];
            double flops = 2.0 * batch * l.OutC * o * o * l.InC * l.K * l.K;
            if (args.Contains("--gemm"))
            {
                // The forward as one plain GEMM over the whole batch (an upper bound for the im2col design).
                int cols = batch * o * o, rows = l.InC * l.K * l.K;
                float[] b = Fill(rows * cols), c = new float[l.OutC * cols];
                double t = Best(() => Fer.Tensors.Kernels.Gemm.Multiply(false, false, l.OutC, cols, rows, 1f, w, rows, b, cols, 0f, c, cols), rounds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{l.Name,-16} gemm {l.OutC}x{cols}x{rows}: {t * 1e3,8:F2} ms {flops / t / 1e9,6:F0} GF/s"));
                continue;
            }

            if (args.Contains("--blocked"))
            {
                // The inference kernel: blocked (NCHWc) direct convolution with packed weights and ReLU in the epilogue.
                int block = IntOption(args, "--block", Fer.Tensors.Kernels.Blocked.BlockWidth.Default);
                bool planar = l.InC < block;
                var conv = new Fer.Tensors.Kernels.Blocked.BlockedConv2d(w, default, l.InC, l.OutC, l.K, l.K, l.Stride, l.Stride, l.Pad, l.Pad, block, planar).WithRectifier(0f);
                var inLayout = new Fer.Tensors.Kernels.Blocked.BlockedLayout(l.InC, l.Size, l.Size, l.Pad, l.Pad, block, planar);
                var outLayout = Fer.Tensors.Kernels.Blocked.BlockedLayout.Dense(l.OutC, o, o, block);
                float[] bin = new float[batch * inLayout.ImageStride], bout = new float[batch * outLayout.ImageStride];
                double t = Best(() => RunBlocked(conv, bin, inLayout, bout, outLayout, batch), rounds);
                totals[0] += t * l.Count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{l.Name,-16} {l.Count,2} {t * 1e3,8:F3} {flops / t / 1e9,6:F0}"));
                continue;
            }

            if (args.Contains("--parts"))
            {
                // Forward of one run of images, split into its parts: im2col, GEMM, scatter to NCHW.
                int run = Conv2dKernel.ImagesPerRun(g, batch), cols = run * o * o, rows = l.InC * l.K * l.K;
                float[] col = new float[rows * cols], outRun = new float[l.OutC * cols];
                double unfold = Best(() =>
                {
                    for (int i = 0; i < run; i++) Im2Col.Unfold(x.AsSpan(i * g.InImage, g.InImage), g, 0, l.InC, col.AsSpan(i * o * o), cols);
                }, rounds);
                double gemm = Best(() => Fer.Tensors.Kernels.Gemm.Multiply(false, false, l.OutC, cols, rows, 1f, w, rows, col, cols, 0f, outRun, cols, 1), rounds);
                double scatter = Best(() =>
                {
                    for (int i = 0; i < run; i++)
                        for (int oc = 0; oc < l.OutC; oc++) outRun.AsSpan(oc * cols + i * o * o, o * o).CopyTo(y.AsSpan(i * g.OutImage + oc * o * o, o * o));
                }, rounds);
                double runFlops = flops * run / batch;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{l.Name,-16} run {run} ({l.OutC}x{cols}x{rows}): im2col {unfold * 1e3:F2} ms, gemm {gemm * 1e3:F2} ms ({runFlops / gemm / 1e9:F0} GF/s), scatter {scatter * 1e3:F2} ms; conv-equivalent {runFlops / (unfold + gemm + scatter) / 1e9:F0} GF/s"));
                continue;
            }

            double f = Best(() => Conv2dKernel.Forward(x, w, default, y, g), rounds);
            double bi = l.InC == 3 ? 0 : Best(() => Conv2dKernel.BackwardInput(dy, w, dx, g), rounds);
            double bw = Best(() => Conv2dKernel.BackwardWeight(x, dy, dw, g), rounds);
            totals[0] += f * l.Count; totals[1] += bi * l.Count; totals[2] += bw * l.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{l.Name,-16} {l.Count,2} {f * 1e3,8:F2} {flops / f / 1e9,6:F0} {bi * 1e3,8:F2} {(bi > 0 ? flops / bi / 1e9 : 0),6:F0} {bw * 1e3,8:F2} {flops / bw / 1e9,6:F0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"total",-16} {"",2} {totals[0] * 1e3,8:F1} {"",6} {totals[1] * 1e3,8:F1} {"",6} {totals[2] * 1e3,8:F1}   all {totals.Sum() * 1e3:F0} ms"));
        return 0;
    }

    // The VGG FER net of compare.sh (width 64: 64..512 channels) or the FER+ parity net (--ferplus, width 32: 32..256).
    private static (string Name, int InC, int Size, int OutC, int K, int Stride, int Pad, int Count)[] VggLayers(int w) =>
    [
        ("vgg.b1.c1", 1, 48, w, 3, 1, 1, 1),
        ("vgg.b1.c2", w, 48, w, 3, 1, 1, 1),
        ("vgg.b2.c1", w, 24, 2 * w, 3, 1, 1, 1),
        ("vgg.b2.c2", 2 * w, 24, 2 * w, 3, 1, 1, 1),
        ("vgg.b3.c1", 2 * w, 12, 4 * w, 3, 1, 1, 1),
        ("vgg.b3.c2", 4 * w, 12, 4 * w, 3, 1, 1, 1),
        ("vgg.b4.c1", 4 * w, 6, 8 * w, 3, 1, 1, 1),
        ("vgg.b4.c2", 8 * w, 6, 8 * w, 3, 1, 1, 1),
    ];

    private static unsafe void RunBlocked(Fer.Tensors.Kernels.Blocked.BlockedConv2d conv, float[] input, Fer.Tensors.Kernels.Blocked.BlockedLayout inLayout, float[] output, Fer.Tensors.Kernels.Blocked.BlockedLayout outLayout, int batch)
    {
        fixed (float* pi = input, po = output) conv.Run(pi, inLayout, po, outLayout, null, outLayout, batch);
    }

    private static bool cpuClock;

    private static double Best(Action a, int rounds)
    {
        a();
        double best = double.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            if (cpuClock)
            {
                double c = ThreadClock.Now();
                a();
                best = Math.Min(best, ThreadClock.Now() - c);
                continue;
            }

            long t = Stopwatch.GetTimestamp();
            a();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalSeconds);
        }

        return best;
    }

    private static float[] Fill(int n)
    {
        var rng = new Fer.Tensors.Random.Generator(3);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rng.NextSingle() - 0.5f;
        return a;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
