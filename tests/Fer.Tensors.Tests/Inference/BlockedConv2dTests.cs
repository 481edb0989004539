using Fer.Testing;
using Fer.Tensors.Kernels.Blocked;
using Fer.Tensors.Kernels.Convolution;
using Fer.Tensors.Random;

namespace Fer.Tensors.Tests.Inference;

/// <summary>Ties the blocked direct convolution (every tile shape, block widths, planar input, epilogues) to <see cref="Conv2dReference"/>.</summary>
public unsafe class BlockedConv2dTests
{
    public static TheoryData<int> Blocks => new() { 16, 8, 4 };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Run_RandomGeometries_MatchesReference(int block)
    {
        var gen = new Generator(77);
        for (int trial = 0; trial < 40; trial++)
        {
            int k = 1 + gen.NextInt(3) * 2 - (trial % 5 == 0 ? 1 : 0); // 1, 3, 5, and some even kernels
            k = Math.Max(1, k);
            int stride = 1 + gen.NextInt(2), strideH = 1 + gen.NextInt(2);
            int pad = gen.NextInt(k);
            int h = k + gen.NextInt(15), w = k + gen.NextInt(18);
            int cin = 1 + gen.NextInt(40), cout = 1 + gen.NextInt(50);
            int n = 1 + gen.NextInt(3);
            bool planar = trial % 3 == 0;
            Check(block, n, cin, h, w, cout, k, k, strideH, stride, pad, pad, planar, residual: trial % 2 == 0, rectify: trial % 4 == 1 ? 0.1f : trial % 4 == 2 ? 0f : null, seed: (ulong)trial);
        }
    }

    [Theory]
    [InlineData(16, 1, 64, 28, 28, 64, 3, 1, 1)]   // ResNet layer 1 at 112 px
    [InlineData(16, 2, 64, 28, 28, 128, 3, 2, 1)]  // stride-2 down-sampling
    [InlineData(16, 1, 256, 7, 7, 256, 3, 1, 1)]   // 7x7 maps: 2x7 tiles
    [InlineData(16, 1, 512, 4, 4, 512, 3, 1, 1)]   // 4x4 maps
    [InlineData(16, 1, 3, 112, 112, 64, 7, 2, 3)]  // planar stem
    [InlineData(8, 1, 64, 14, 14, 96, 3, 1, 1)]
    [InlineData(8, 3, 24, 9, 13, 40, 1, 2, 0)]     // 1x1 stride 2, odd block count
    public void Run_NetworkLayers_MatchesReference(int block, int n, int cin, int h, int w, int cout, int k, int stride, int pad)
        => Check(block, n, cin, h, w, cout, k, k, stride, stride, pad, pad, planar: cin <= 4, residual: false, rectify: 0f, seed: 5);

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Run_GroupByGroupOrder_MatchesReference(int block)
    {
        // Large layers run group by group, small ones image by image: both orders, odd block counts included.
        int before = BlockedConv2d.ImageMajorMaxWeightBytes;
        try
        {
            BlockedConv2d.ImageMajorMaxWeightBytes = -1;
            Check(block, 3, 19, 9, 11, 3 * block, 3, 3, 1, 1, 1, 1, planar: false, residual: true, rectify: 0.2f, seed: 11);
            Check(block, 2, 5, 8, 8, 2 * block + 3, 3, 3, 2, 2, 1, 1, planar: true, residual: false, rectify: null, seed: 12);
            Check(block, 3, 21, 6, 7, 3 * block + 1, 3, 3, 1, 1, 1, 1, planar: false, residual: true, rectify: 0f, seed: 13);
        }
        finally
        {
            BlockedConv2d.ImageMajorMaxWeightBytes = before;
        }
    }

    [Fact]
    public void Run_AsymmetricPaddingWithinHalo_MatchesReference()
    {
        // TensorFlow 'same' padding of a stride-2 3x3 convolution on an even map pads 0 before and 1 after.
        Check(16, 2, 20, 12, 12, 33, 3, 3, 2, 2, 0, 0, planar: false, residual: true, rectify: null, seed: 9, padBottom: 1, padRight: 1);
    }

    private static void Check(int block, int n, int cin, int h, int w, int cout, int kh, int kw, int sh, int sw, int padTop, int padLeft,
        bool planar, bool residual, float? rectify, ulong seed, int? padBottom = null, int? padRight = null)
    {
        int pb = padBottom ?? padTop, pr = padRight ?? padLeft;
        int oh = BlockedConv2d.OutputSize(h, padTop + pb, kh, sh), ow = BlockedConv2d.OutputSize(w, padLeft + pr, kw, sw);
        var gen = new Generator(seed);
        float[] x = Random(gen, n * cin * h * w), weight = Random(gen, cout * cin * kh * kw), bias = Random(gen, cout), res = Random(gen, n * cout * oh * ow);
        float[] slopes = Random(gen, cout);
        var g = new ConvGeometry(n, cin, h, w, cout, oh, ow, kh, kw, sh, sw, padTop, padLeft, 1, 1, 1);
        var expected = new float[n * cout * oh * ow];
        Conv2dReference.Forward(x, weight, bias, expected, g);
        for (int i = 0; i < expected.Length; i++)
        {
            float v = expected[i] + (residual ? res[i] : 0f);
            if (rectify is { } s && v < 0) v *= s;
            expected[i] = v;
        }

        var conv = new BlockedConv2d(weight, bias, cin, cout, kh, kw, sh, sw, padTop, padLeft, block, planar);
        if (rectify is { } slope) conv = conv.WithRectifier(slope);
        var inLayout = new BlockedLayout(cin, h, w, Math.Max(padTop, pb), Math.Max(padLeft, pr), block, planar);
        var outLayout = new BlockedLayout(cout, oh, ow, 1, 2, block, false); // a halo on the output too: the interior alone is written
        var resLayout = BlockedLayout.Dense(cout, oh, ow, block);
        float[] inBuf = new float[n * inLayout.ImageStride], outBuf = new float[n * outLayout.ImageStride + 1], resBuf = new float[n * resLayout.ImageStride];
        Array.Fill(outBuf, float.NaN);
        fixed (float* pi = inBuf, po = outBuf, pr2 = resBuf)
        {
            BlockedReorder.FromNchw(x, n, inLayout, pi);
            BlockedReorder.FromNchw(res, n, resLayout, pr2);
            conv.Run(pi, inLayout, po, outLayout, residual ? pr2 : null, resLayout, n);
            var actual = new float[expected.Length];
            BlockedReorder.ToNchw(po, outLayout, n, actual);
            Close.Check(expected, actual, 1e-4, 1e-4, $"block {block}, [{n}, {cin}, {h}, {w}] -> {cout}, k {kh}x{kw}, stride ({sh}, {sw}), pad ({padTop}, {padLeft}, {pb}, {pr}), planar {planar}");
        }
    }

    private static float[] Random(Generator gen, int count)
    {
        var a = new float[count];
        for (int i = 0; i < count; i++) a[i] = gen.NextSingle() * 2 - 1;
        return a;
    }
}
