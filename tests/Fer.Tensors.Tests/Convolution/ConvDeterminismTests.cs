using Fer.Testing;
using Fer.Tensors.Nn;
using Fer.Tensors.Threading;
using Fer.Tensors.Tests.Support;

namespace Fer.Tensors.Tests.Convolution;

[Collection(ThreadCountCollection.Name)]
public class ConvDeterminismTests
{
    [Theory]
    [InlineData(4, 8, 12, 12, 8, 3, 1)]  // batch covers the threads: images in parallel
    [InlineData(1, 8, 12, 12, 8, 3, 1)]  // batch 1: multithreaded GEMM
    [InlineData(3, 8, 12, 12, 8, 1, 1)]  // pointwise
    [InlineData(4, 8, 12, 12, 16, 3, 8)] // depthwise with multiplier
    public void Conv2d_FixedThreadCount_IsBitIdenticalAcrossRuns(int n, int cin, int h, int w, int cout, int k, int groups)
    {
        int old = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            float[][] one = Run(n, cin, h, w, cout, k, groups);
            Run(n, cin, h, w, cout, k, groups).Should().BeEquivalentTo(one, o => o.WithStrictOrdering(), "a re-run with 1 thread must be bit-identical");
            Parallelism.ThreadCount = 2;
            float[][] two = Run(n, cin, h, w, cout, k, groups);
            Run(n, cin, h, w, cout, k, groups).Should().BeEquivalentTo(two, o => o.WithStrictOrdering(), "a re-run with 2 threads must be bit-identical");
            for (int i = 0; i < one.Length; i++) Close.Check(one[i], two[i], 1e-4, 1e-4, $"1 vs 2 threads, result {i}");
        }
        finally
        {
            Parallelism.ThreadCount = old;
        }
    }

    /// <summary>Output, input gradient, weight gradient and bias gradient of one forward/backward.</summary>
    private static float[][] Run(int n, int cin, int h, int w, int cout, int k, int groups)
    {
        var x = GradCheck.Random(31, n, cin, h, w);
        var wt = GradCheck.Random(32, cout, cin / groups, k, k);
        var b = GradCheck.Random(33, cout);
        x.RequiresGrad = wt.RequiresGrad = b.RequiresGrad = true;
        var y = Functional.Conv2d(x, wt, b, 1, k / 2, 1, groups);
        y.Backward(GradCheck.Random(34, y.Shape.ToArray()));
        return [y.ToArray(), x.Grad!.ToArray(), wt.Grad!.ToArray(), b.Grad!.ToArray()];
    }
}
