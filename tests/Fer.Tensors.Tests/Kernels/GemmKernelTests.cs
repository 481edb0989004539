using Fer.Tensors.Kernels;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>
/// Every managed path on every machine: the scalar blocked kernel always, the AVX2 blocked kernel
/// and the unpacked small path where the CPU has AVX2 + FMA, the AVX-512 blocked kernel through
/// the runtime's software Vector512 fallback when the CPU lacks it (slow, so the sizes are small
/// but still cover full and edge tiles of 8 x 32), and the matrix-vector path.
/// </summary>
public class GemmKernelTests
{
    private static readonly (int M, int N, int K)[] Shapes = [(1, 1, 1), (2, 2, 1), (1, 37, 20), (37, 1, 20), (8, 32, 16), (9, 33, 17), (17, 70, 40), (30, 47, 3), (5, 5, 300)];

    private static void Run(GemmKernelKind kernel, GemmCase t, float[] c, int threads)
        => Gemm.MultiplyManaged(kernel, t.TransposeA, t.TransposeB, t.M, t.N, t.K, t.Alpha, t.A, t.Lda, t.B, t.Ldb, t.Beta, c, t.Ldc, threads);

    private static GemmKernelKind Require(string name)
    {
        GemmKernelKind kernel = Enum.Parse<GemmKernelKind>(name);
        Skip.If(kernel == GemmKernelKind.Avx2 && !GemmKernelAvx2.IsSupported, "this CPU (or runtime setting) has no AVX2 + FMA");
        Skip.If(kernel == GemmKernelKind.Small && !GemmSmall.IsSupported, "this CPU (or runtime setting) has no AVX2 + FMA");
        return kernel;
    }

    [SkippableTheory]
    [InlineData("Scalar")]
    [InlineData("Avx2")]
    [InlineData("Avx512")]
    [InlineData("Small")]
    public void MultiplyManaged_EachPath_MatchesReference(string name)
    {
        GemmKernelKind kernel = Require(name);
        var random = new System.Random(21);
        foreach ((int m, int n, int k) in Shapes)
        {
            foreach ((bool ta, bool tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                var t = new GemmCase(random, ta, tb, m, n, k, alpha: 0.5f, beta: m % 2 == 0 ? 0f : 0.75f, padA: 1, padB: 2, padC: 3);
                t.Check(t.Run((g, c) => Run(kernel, g, c, 1)), kernel.ToString());
            }
        }
    }

    [Fact]
    public void MultiplyManaged_VectorPath_MatchesReference()
    {
        var random = new System.Random(23);
        foreach ((int m, int n, int k) in new[] { (1, 1, 1), (1, 9, 300), (1, 70, 33), (9, 1, 300), (70, 1, 33), (1, 300, 8), (300, 1, 7) })
        {
            foreach ((bool ta, bool tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                var t = new GemmCase(random, ta, tb, m, n, k, alpha: -1.5f, beta: k % 2 == 0 ? 0f : 0.5f, padA: 2, padB: 1, padC: 2);
                t.Check(t.Run((g, c) => Run(GemmKernelKind.Vector, g, c, 2)), "vector");
            }
        }
    }

    [SkippableTheory]
    [InlineData("Scalar")]
    [InlineData("Avx2")]
    [InlineData("Avx512")]
    public void MultiplyManaged_EachKernelOneAndTwoThreads_GiveIdenticalBits(string name)
    {
        GemmKernelKind kernel = Require(name);
        var random = new System.Random(22);
        int size = kernel == GemmKernelKind.Avx512 ? 72 : 130; // above GemmBlocking.ParallelMinWork, so two threads really split
        var t = new GemmCase(random, false, true, size, size + 3, size - 1, alpha: 1f, beta: 1f);
        float[] one = t.Run((g, c) => Run(kernel, g, c, 1));
        float[] two = t.Run((g, c) => Run(kernel, g, c, 2));
        two.Should().Equal(one);
        t.Check(one, kernel.ToString());
    }

    [SkippableFact]
    public void MultiplyManaged_SmallAndBlockedPathsWithinOneKBlock_GiveIdenticalBits()
    {
        // Both are one fused multiply-add chain per element plus the same alpha/beta update, so the
        // size threshold between them cannot change a result.
        Skip.IfNot(GemmSmall.IsSupported && GemmKernelAvx2.IsSupported, "needs AVX2 + FMA");
        var random = new System.Random(24);
        foreach ((bool ta, bool tb) in new[] { (false, false), (true, true) })
        {
            var t = new GemmCase(random, ta, tb, 23, 45, 67, alpha: 0.5f, beta: 0.25f, padC: 1);
            float[] small = t.Run((g, c) => Run(GemmKernelKind.Small, g, c, 1));
            float[] blocked = t.Run((g, c) => Run(GemmKernelKind.Avx2, g, c, 1));
            small.Should().Equal(blocked);
        }
    }
}
