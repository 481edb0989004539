using Fer.Tensors.Kernels;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>The native cblas_sgemm binding against the reference; skipped where no optimised BLAS is installed.</summary>
public class GemmNativeTests
{
    private static void Native(GemmCase t, float[] c)
    {
        bool ran = Gemm.MultiplyNative(t.TransposeA, t.TransposeB, t.M, t.N, t.K, t.Alpha, t.A, t.Lda, t.B, t.Ldb, t.Beta, c, t.Ldc);
        ran.Should().BeTrue("the library was found before the test ran");
    }

    private static void RequireNative() =>
        Skip.IfNot(Gemm.NativeBlasAvailable, "no native BLAS (apt-get install libopenblas0-pthread), or FER_NATIVE_BLAS=0");

    [SkippableFact]
    public void MultiplyNative_AllTransposeAndScaleCases_MatchReference()
    {
        RequireNative();
        var random = new System.Random(31);
        foreach ((bool ta, bool tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            foreach ((float alpha, float beta) in new[] { (1f, 0f), (0.5f, 1f), (-2f, 0.25f) })
            {
                var t = new GemmCase(random, ta, tb, 67, 129, 75, alpha, beta, padA: 2, padB: 1, padC: 3);
                t.Check(t.Run(Native), "native");
            }
        }
    }

    [SkippableFact]
    public void MultiplyNative_RandomSizesUpTo70_MatchReference()
    {
        RequireNative();
        var random = new System.Random(32);
        for (int trial = 0; trial < 100; trial++)
        {
            var t = new GemmCase(random, random.Next(2) == 1, random.Next(2) == 1, random.Next(0, 71), random.Next(0, 71), random.Next(0, 71),
                alpha: (float)(random.NextDouble() * 2 - 1), beta: random.Next(2) == 0 ? 0f : 0.5f, padA: random.Next(3), padB: random.Next(3), padC: random.Next(3));
            t.Check(t.Run(Native), "native");
        }
    }

    [SkippableFact]
    public void MultiplyNative_SizesCrossingBlockBoundaries_MatchReference()
    {
        RequireNative();
        var t = new GemmCase(new System.Random(33), false, true, 257, 513, 300, alpha: 1f, beta: 1f, padC: 5);
        t.Check(t.Run(Native), "native");
    }

    [SkippableFact]
    public void MultiplyNative_BetaZeroWithNaNInC_IgnoresOldC()
    {
        RequireNative();
        var t = new GemmCase(new System.Random(34), true, false, 90, 70, 50);
        float[] c = new float[t.C0.Length];
        Array.Fill(c, float.NaN);
        Native(t, c);
        c.Should().OnlyContain(x => float.IsFinite(x));
        t.Check(c, "native");
    }
}
