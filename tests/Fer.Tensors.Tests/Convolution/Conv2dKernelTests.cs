using Fer.Testing;
using Fer.Tensors.Kernels.Convolution;
using Fer.Tensors.Random;

namespace Fer.Tensors.Tests.Convolution;

/// <summary>Ties the fast kernel (im2col + GEMM, pointwise, depthwise) to <see cref="Conv2dReference"/>.</summary>
public class Conv2dKernelTests
{
    [Fact]
    public void Conv2dKernel_ManyRandomConfigurations_MatchesReferenceTwin()
    {
        var gen = new Generator(2024);
        for (int trial = 0; trial < 60; trial++)
        {
            int n = gen.NextInt(2) == 0 ? 1 : 3;
            int kh = 1 + gen.NextInt(3), kw = 1 + gen.NextInt(3);
            int sh = 1 + gen.NextInt(3), sw = 1 + gen.NextInt(3);
            int dh = 1 + gen.NextInt(2), dw = 1 + gen.NextInt(2);
            int groups, cinPerGroup, coutPerGroup;
            switch (trial % 4)
            {
                case 0: groups = 1; cinPerGroup = 1 + gen.NextInt(4); coutPerGroup = 1 + gen.NextInt(5); break;
                case 1: groups = 2; cinPerGroup = 1 + gen.NextInt(3); coutPerGroup = 1 + gen.NextInt(3); break;
                case 2: groups = 2 + gen.NextInt(4); cinPerGroup = 1; coutPerGroup = 1; break;      // depthwise
                default: groups = 2 + gen.NextInt(3); cinPerGroup = 1; coutPerGroup = 2 + gen.NextInt(2); break; // depthwise, multiplier > 1
            }
            int top = gen.NextInt(3), bottom = gen.NextInt(3), left = gen.NextInt(3), right = gen.NextInt(3);
            int h = (kh - 1) * dh + 1 + gen.NextInt(9), w = (kw - 1) * dw + 1 + gen.NextInt(12);
            CheckAgainstReference(n, cinPerGroup * groups, h, w, coutPerGroup * groups, kh, kw, (sh, sw), (top, bottom, left, right), (dh, dw), groups, seed: (ulong)trial);
        }
    }

    [Theory]
    [InlineData(4, 16, 20, 20, 16, 3, 1, 1, 1)]   // ResNet-like 3x3, batch-parallel path
    [InlineData(1, 16, 20, 20, 16, 3, 1, 1, 1)]   // batch 1: multithreaded GEMM and channel-split im2col
    [InlineData(4, 16, 20, 20, 32, 3, 2, 1, 1)]   // strided downsampling
    [InlineData(3, 16, 20, 20, 24, 1, 1, 0, 1)]   // pointwise: no im2col
    [InlineData(1, 16, 20, 20, 8, 1, 1, 0, 2)]    // pointwise grouped
    [InlineData(2, 32, 17, 19, 32, 3, 1, 1, 32)]  // depthwise, SIMD rows
    [InlineData(2, 16, 17, 19, 32, 3, 1, 1, 16)]  // depthwise multiplier 2
    [InlineData(2, 16, 18, 21, 16, 5, 2, 2, 16)]  // depthwise 5x5 stride 2
    [InlineData(2, 8, 11, 21, 8, 3, 1, 3, 8)]     // depthwise, padding beyond the kernel (the gradient's flipped window crops)
    public void Conv2dKernel_LargerSizes_MatchesReferenceTwin(int n, int cin, int h, int w, int cout, int k, int stride, int pad, int groups)
        => CheckAgainstReference(n, cin, h, w, cout, k, k, (stride, stride), (pad, pad, pad, pad), (1, 1), groups, seed: 99);

    [Fact]
    public void Conv2dKernel_Depthwise3x3FastPath_EveryWidthStrideAndPadding_MatchesReferenceTwin()
    {
        // The 3x3 depthwise path (rows widened to whole vectors, even/odd columns at width stride 2): output
        // widths below, at and above one vector, TensorFlow 'same' padding (extra at the bottom/right), none, and skewed.
        int trial = 0;
        foreach (var (sh, sw) in new[] { (1, 1), (2, 2), (2, 1), (1, 2), (3, 2) })
            foreach (var pad in new[] { (1, 1, 1, 1), (0, 1, 0, 1), (0, 0, 0, 0), (2, 0, 0, 2) })
                for (int w = 3; w <= 23; w += 4, trial++)
                    CheckAgainstReference(2, 3, 5 + trial % 4, w, 3, 3, 3, (sh, sw), pad, (1, 1), 3, seed: (ulong)trial);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Conv2dKernel_DenseConvolutions_DirectAndIm2ColPaths_MatchReferenceTwin(bool direct)
    {
        // Dense convolutions take the direct blocked kernel (its input gradient for stride 1, its weight gradient) unless it is
        // switched off; both paths must hold: odd channel counts, more output blocks than one group, small and
        // wide maps, 'same' padding with its extra row and column, stride 2, images in several chunks.
        bool before = DirectConv2d.Enabled;
        int chunk = DirectConv2d.ChunkFloats, minPixels = DirectConv2d.WeightGradientMinPixels;
        try
        {
            DirectConv2d.Enabled = direct;
            DirectConv2d.ChunkFloats = 2000;
            DirectConv2d.WeightGradientMinPixels = 0; // the weight gradient's direct kernel on small maps too
            CheckAgainstReference(3, 5, 13, 17, 37, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, seed: 21);
            CheckAgainstReference(2, 20, 9, 10, 16, 3, 3, (2, 2), (0, 1, 0, 1), (1, 1), 1, seed: 22);
            CheckAgainstReference(2, 33, 8, 8, 40, 1, 1, (1, 1), (0, 0, 0, 0), (1, 1), 1, seed: 23);
            CheckAgainstReference(2, 3, 23, 23, 24, 7, 7, (2, 2), (3, 3, 3, 3), (1, 1), 1, seed: 24);
            CheckAgainstReference(4, 17, 6, 30, 48, 3, 5, (1, 1), (0, 2, 2, 0), (1, 1), 1, seed: 25);
            CheckAgainstReference(3, 12, 26, 26, 19, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, seed: 26);
        }
        finally
        {
            DirectConv2d.Enabled = before;
            DirectConv2d.ChunkFloats = chunk;
            DirectConv2d.WeightGradientMinPixels = minPixels;
        }
    }

    [Fact]
    public void Im2Col_FoldIsAdjointOfUnfold()
    {
        // <unfold(x), c> == <x, fold(c)> for every geometry: the backward of im2col is col2im.
        var g = new ConvGeometry(1, 3, 7, 9, 2, 4, 4, 3, 2, 2, 3, 2, 1, 2, 1, 1);
        var gen = new Generator(5);
        float[] x = RandomArray(gen, g.InImage), c = RandomArray(gen, g.ColRows * g.OutPlane);
        var col = new float[c.Length];
        Im2Col.Unfold(x, g, 0, g.InC, col);
        var folded = new float[x.Length];
        Im2Col.FoldAdd(c, g, 0, g.InC, folded);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < c.Length; i++) lhs += (double)col[i] * c[i];
        for (int i = 0; i < x.Length; i++) rhs += (double)x[i] * folded[i];
        lhs.Should().BeApproximately(rhs, 1e-4);
    }

    private static void CheckAgainstReference(int n, int cin, int h, int w, int cout, int kh, int kw, (int H, int W) stride,
        (int Top, int Bottom, int Left, int Right) pad, (int H, int W) dilation, int groups, ulong seed)
    {
        int oh = (h + pad.Top + pad.Bottom - dilation.H * (kh - 1) - 1) / stride.H + 1;
        int ow = (w + pad.Left + pad.Right - dilation.W * (kw - 1) - 1) / stride.W + 1;
        var g = new ConvGeometry(n, cin, h, w, cout, oh, ow, kh, kw, stride.H, stride.W, pad.Top, pad.Left, dilation.H, dilation.W, groups);
        string what = $"{g}";
        var gen = new Generator(seed);
        float[] x = RandomArray(gen, n * cin * h * w), wt = RandomArray(gen, g.WeightSize), b = RandomArray(gen, cout);
        float[] dy = RandomArray(gen, n * g.OutImage);

        float[] yFast = Filled(n * g.OutImage), yRef = new float[n * g.OutImage];
        Conv2dKernel.Forward(x, wt, b, yFast, g);
        Conv2dReference.Forward(x, wt, b, yRef, g);
        Close.Check(yRef, yFast, 1e-4, 1e-4, "forward " + what);

        float[] dxFast = Filled(x.Length), dxRef = new float[x.Length];
        Conv2dKernel.BackwardInput(dy, wt, dxFast, g);
        Conv2dReference.BackwardInput(dy, wt, dxRef, g);
        Close.Check(dxRef, dxFast, 1e-4, 1e-4, "input gradient " + what);

        float[] dwFast = Filled(wt.Length), dwRef = new float[wt.Length];
        Conv2dKernel.BackwardWeight(x, dy, dwFast, g);
        Conv2dReference.BackwardWeight(x, dy, dwRef, g);
        Close.Check(dwRef, dwFast, 2e-4, 1e-4, "weight gradient " + what);

        float[] dbFast = Filled(cout), dbRef = new float[cout];
        Conv2dKernel.BackwardBias(dy, dbFast, n, cout, g.OutPlane);
        Conv2dReference.BackwardBias(dy, dbRef, g);
        Close.Check(dbRef, dbFast, 1e-4, 1e-4, "bias gradient " + what);
    }

    private static float[] RandomArray(Generator gen, int length)
    {
        var a = new float[length];
        for (int i = 0; i < a.Length; i++) a[i] = gen.NextSingle() * 2 - 1;
        return a;
    }

    /// <summary>Garbage-filled output buffers, so a kernel that skips an element fails.</summary>
    private static float[] Filled(int length)
    {
        var a = new float[length];
        Array.Fill(a, float.NaN);
        return a;
    }
}
