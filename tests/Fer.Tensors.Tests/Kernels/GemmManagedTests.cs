using Fer.Tensors.Kernels;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>The managed path (the machine's widest kernel, GEMV shapes included) against the reference.</summary>
public class GemmManagedTests
{
    private static void Managed(GemmCase t, float[] c, int threads)
        => Gemm.MultiplyManaged(GemmKernelKind.Auto, t.TransposeA, t.TransposeB, t.M, t.N, t.K, t.Alpha, t.A, t.Lda, t.B, t.Ldb, t.Beta, c, t.Ldc, threads);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MultiplyManaged_AllTransposeCombinations_MatchReference(bool transposeA, bool transposeB)
    {
        var random = new System.Random(11);
        foreach ((int m, int n, int k) in new[] { (37, 45, 29), (64, 64, 64), (6, 16, 256), (100, 3, 50), (3, 100, 50) })
        {
            var t = new GemmCase(random, transposeA, transposeB, m, n, k, alpha: 0.75f, beta: 0.5f);
            t.Check(t.Run((g, c) => Managed(g, c, 1)), "managed");
        }
    }

    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(-0.5f, 0.25f)]
    [InlineData(2f, -1f)]
    [InlineData(0f, 0.5f)]
    [InlineData(0f, 0f)]
    public void MultiplyManaged_AlphaBetaCases_MatchReference(float alpha, float beta)
    {
        var random = new System.Random(12);
        foreach (bool ta in new[] { false, true })
        {
            var t = new GemmCase(random, ta, !ta, 23, 41, 57, alpha, beta, padA: 3, padB: 1, padC: 2);
            t.Check(t.Run((g, c) => Managed(g, c, 2)), "managed");
        }
    }

    [Fact]
    public void MultiplyManaged_RandomSizesUpTo70_MatchReference()
    {
        var random = new System.Random(13);
        for (int trial = 0; trial < 300; trial++)
        {
            int m = random.Next(0, 71), n = random.Next(0, 71), k = random.Next(0, 71);
            float alpha = random.Next(3) == 0 ? 1f : (float)(random.NextDouble() * 4 - 2);
            float beta = random.Next(3) switch { 0 => 0f, 1 => 1f, _ => (float)(random.NextDouble() * 2 - 1) };
            var t = new GemmCase(random, random.Next(2) == 1, random.Next(2) == 1, m, n, k, alpha, beta,
                padA: random.Next(0, 4), padB: random.Next(0, 4), padC: random.Next(0, 4));
            t.Check(t.Run((g, c) => Managed(g, c, 1 + (trial % 2))), "managed");
        }
    }

    [Theory]
    [InlineData(257, 513, 300)]
    [InlineData(145, 40, 513)]
    [InlineData(13, 2049, 257)]
    public void MultiplyManaged_SizesCrossingBlockBoundaries_MatchReference(int m, int n, int k)
    {
        var random = new System.Random(14);
        foreach ((bool ta, bool tb) in new[] { (false, false), (true, true) })
        {
            var t = new GemmCase(random, ta, tb, m, n, k, alpha: 1f, beta: 1f, padA: 5, padB: 3, padC: 7);
            t.Check(t.Run((g, c) => Managed(g, c, 2)), "managed");
        }
    }

    [Fact]
    public void MultiplyManaged_VectorShapes_MatchReference()
    {
        var random = new System.Random(15);
        foreach ((int m, int n, int k) in new[] { (1, 77, 45), (1, 1000, 300), (81, 1, 39), (1000, 1, 300), (1, 1, 100), (40, 50, 1), (1, 40, 1), (40, 1, 1) })
        {
            foreach ((bool ta, bool tb) in new[] { (false, false), (false, true), (true, false), (true, true) })
            {
                var t = new GemmCase(random, ta, tb, m, n, k, alpha: 1.5f, beta: -0.5f, padA: 2, padB: 3, padC: 1);
                t.Check(t.Run((g, c) => Managed(g, c, 2)), "managed");
            }
        }
    }

    [Theory]
    [InlineData(300, 280, 270)]
    [InlineData(700, 40, 300)]
    [InlineData(1, 5000, 300)]
    [InlineData(5000, 1, 300)]
    public void MultiplyManaged_OneAndTwoThreads_GiveIdenticalBits(int m, int n, int k)
    {
        // The k order of every element is fixed by the KC blocking alone, so the split over threads cannot change a bit.
        var random = new System.Random(16);
        foreach ((bool ta, bool tb) in new[] { (false, false), (true, true) })
        {
            var t = new GemmCase(random, ta, tb, m, n, k, alpha: 0.5f, beta: 0.25f);
            float[] one = t.Run((g, c) => Managed(g, c, 1));
            float[] two = t.Run((g, c) => Managed(g, c, 2));
            float[] three = t.Run((g, c) => Managed(g, c, 3));
            two.Should().Equal(one, $"threads 2 vs 1, {t.Name}");
            three.Should().Equal(one, $"threads 3 vs 1, {t.Name}");
        }
    }

    [Fact]
    public void MultiplyManaged_SameInputsTwice_GiveIdenticalBits()
    {
        var random = new System.Random(17);
        var t = new GemmCase(random, false, true, 211, 307, 401, alpha: 1f, beta: 0.5f);
        float[] first = t.Run((g, c) => Managed(g, c, 2));
        float[] second = t.Run((g, c) => Managed(g, c, 2));
        second.Should().Equal(first);
        t.Check(first, "managed");
    }

    [Theory]
    [InlineData(50, 60, 70)]
    [InlineData(1, 60, 70)]
    [InlineData(50, 1, 70)]
    public void MultiplyManaged_BetaZeroWithNaNInC_IgnoresOldC(int m, int n, int k)
    {
        var random = new System.Random(18);
        var t = new GemmCase(random, false, false, m, n, k);
        float[] c = (float[])t.C0.Clone();
        for (int i = 0; i < c.Length; i++) c[i] = i % 2 == 0 ? float.NaN : float.PositiveInfinity;
        Managed(t, c, 2);
        c.Should().OnlyContain(x => float.IsFinite(x), "beta = 0 must not read C");
        t.Check(c, "managed");
    }
}
