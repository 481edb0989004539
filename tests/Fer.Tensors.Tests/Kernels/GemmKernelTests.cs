using Fer.Tensors.Kernels;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>
/// Every managed micro-kernel on every machine: the scalar one always, the AVX2 one where the CPU
/// has AVX2 + FMA, the AVX-512 one through the runtime's software Vector512 fallback when the CPU
/// lacks it (slow, so the sizes are small but still cover full and edge tiles of 8 x 32).
/// </summary>
public class GemmKernelTests
{
    private static void Run(GemmKernelKind kernel, GemmCase t, float[] c, int threads)
        => Gemm.MultiplyManaged(kernel, t.TransposeA, t.TransposeB, t.M, t.N, t.K, t.Alpha, t.A, t.Lda, t.B, t.Ldb, t.Beta, c, t.Ldc, threads);

    [SkippableTheory]
    [InlineData("Scalar")]
    [InlineData("Avx2")]
    [InlineData("Avx512")]
    public void MultiplyManaged_EachKernel_MatchesReference(string name)
    {
        GemmKernelKind kernel = Enum.Parse<GemmKernelKind>(name);
        Skip.If(kernel == GemmKernelKind.Avx2 && !GemmKernelAvx2.IsSupported, "this CPU (or runtime setting) has no AVX2 + FMA");
        var random = new Random(21);
        foreach ((int m, int n, int k) in new[] { (2, 2, 1), (8, 32, 16), (9, 33, 17), (17, 70, 40), (30, 47, 3), (5, 5, 300) })
        {
            foreach ((bool ta, bool tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                var t = new GemmCase(random, ta, tb, m, n, k, alpha: 0.5f, beta: m % 2 == 0 ? 0f : 0.75f, padA: 1, padB: 2, padC: 3);
                t.Check(t.Run((g, c) => Run(kernel, g, c, 1)), kernel.ToString());
            }
        }
    }

    [SkippableTheory]
    [InlineData("Scalar")]
    [InlineData("Avx2")]
    [InlineData("Avx512")]
    public void MultiplyManaged_EachKernelOneAndTwoThreads_GiveIdenticalBits(string name)
    {
        GemmKernelKind kernel = Enum.Parse<GemmKernelKind>(name);
        Skip.If(kernel == GemmKernelKind.Avx2 && !GemmKernelAvx2.IsSupported, "this CPU (or runtime setting) has no AVX2 + FMA");
        var random = new Random(22);
        int size = kernel == GemmKernelKind.Avx512 ? 72 : 130; // above GemmBlocking.ParallelMinWork, so two threads really split
        var t = new GemmCase(random, false, true, size, size + 3, size - 1, alpha: 1f, beta: 1f);
        float[] one = t.Run((g, c) => Run(kernel, g, c, 1));
        float[] two = t.Run((g, c) => Run(kernel, g, c, 2));
        two.Should().Equal(one);
        t.Check(one, kernel.ToString());
    }
}
