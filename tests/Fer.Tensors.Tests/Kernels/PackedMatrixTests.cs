using Fer.Tensors.Kernels;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>B packed once and reused: same results as the reference, same bits as the unpacked managed product.</summary>
public class PackedMatrixTests
{
    [Theory]
    [InlineData(false, false, 37, 45, 29)]
    [InlineData(true, true, 37, 45, 29)]
    [InlineData(false, true, 1, 70, 33)]
    [InlineData(true, false, 257, 513, 300)]
    [InlineData(false, false, 20, 70, 1100)]
    [InlineData(false, true, 130, 40, 700)]
    public void Multiply_PackedB_MatchesReferenceAndUnpackedBits(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var t = new GemmCase(new System.Random(61), transposeA, transposeB, m, n, k, alpha: 0.75f, beta: 0.5f, padA: 3, padB: 2, padC: 1);
        PackedMatrix packed = PackedMatrix.Pack(transposeB, k, n, t.B, t.Ldb);
        packed.Rows.Should().Be(k);
        packed.Columns.Should().Be(n);
        foreach (int threads in new[] { 1, 2 })
        {
            float[] fromPacked = t.Run((g, c) => Gemm.Multiply(g.TransposeA, g.M, g.Alpha, g.A, g.Lda, packed, g.Beta, c, g.Ldc, threads));
            float[] unpacked = t.Run((g, c) => Gemm.MultiplyManaged(Gemm.DefaultKernel, g.TransposeA, g.TransposeB, g.M, g.N, g.K, g.Alpha, g.A, g.Lda, g.B, g.Ldb, g.Beta, c, g.Ldc, threads));
            t.Check(fromPacked, $"packed, threads {threads}");
            fromPacked.Should().Equal(unpacked, $"packing ahead must not change the arithmetic (threads {threads})");
        }
    }

    [Fact]
    public void Multiply_PackedSharedByConcurrentCallers_GivesSameResult()
    {
        var t = new GemmCase(new System.Random(62), false, false, 64, 200, 150);
        PackedMatrix packed = PackedMatrix.Pack(false, t.K, t.N, t.B, t.Ldb);
        float[] expected = t.Run((g, c) => Gemm.Multiply(false, g.M, 1f, g.A, g.Lda, packed, 0f, c, g.Ldc, threads: 1));
        var results = new float[4][];
        Parallel.For(0, 4, i => results[i] = t.Run((g, c) => Gemm.Multiply(false, g.M, 1f, g.A, g.Lda, packed, 0f, c, g.Ldc, threads: 1)));
        results.Should().AllSatisfy(r => r.Should().Equal(expected));
    }

    [Fact]
    public void Multiply_PackedEmptyK_ScalesC()
    {
        PackedMatrix packed = PackedMatrix.Pack(false, 0, 3, [], 3);
        float[] c = [1, 2, 3, float.NaN, 5, 6];
        Gemm.Multiply(false, 2, 1f, [], 1, packed, 0f, c, 3);
        c.Should().Equal(0f, 0f, 0f, 0f, 0f, 0f);
    }

    [Fact]
    public void Pack_ShortSpan_ThrowsNamingB()
    {
        var act = () => PackedMatrix.Pack(false, 4, 5, new float[19], 5);
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("b");
    }

    [Fact]
    public void Pack_NegativeSize_Throws()
    {
        var act = () => PackedMatrix.Pack(false, -1, 5, new float[20], 5);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("k");
    }

    [Fact]
    public void Multiply_PackedWithShortAOrNullB_Throws()
    {
        PackedMatrix packed = PackedMatrix.Pack(false, 4, 5, new float[20], 5);
        var shortA = () => Gemm.Multiply(false, 3, 1f, new float[11], 4, packed, 0f, new float[15], 5);
        shortA.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("a");
        var nullB = () => Gemm.Multiply(false, 3, 1f, new float[12], 4, null!, 0f, new float[15], 5);
        nullB.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("b");
    }
}
