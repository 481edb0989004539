using Fer.Tensors.Kernels;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>The public entry point: argument checks, BLAS conventions, and the native switch.</summary>
public class GemmApiTests
{
    private static void Public(GemmCase t, float[] c) => Gemm.Multiply(t.TransposeA, t.TransposeB, t.M, t.N, t.K, t.Alpha, t.A, t.Lda, t.B, t.Ldb, t.Beta, c, t.Ldc);

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Multiply_LargeProductOnDefaultPath_MatchesReference(bool transposeA, bool transposeB)
    {
        var t = new GemmCase(new System.Random(41), transposeA, transposeB, 257, 513, 300, alpha: 1f, beta: 0.5f, padA: 1, padC: 2);
        t.Check(t.Run(Public), $"default path ({(Gemm.NativeBlasAvailable && Gemm.UseNativeBlas ? "native" : "managed")})");
    }

    [Theory]
    [InlineData(-1, 2, 2, "m")]
    [InlineData(2, -1, 2, "n")]
    [InlineData(2, 2, -1, "k")]
    public void Multiply_NegativeSize_ThrowsNamingIt(int m, int n, int k, string name)
    {
        var act = () => Gemm.Multiply(false, false, m, n, k, 1f, new float[16], 4, new float[16], 4, 0f, new float[16], 4);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Theory]
    [InlineData(false, false, 11, 12, 12, "a")]
    [InlineData(true, false, 11, 12, 12, "a")]
    [InlineData(false, false, 12, 11, 12, "b")]
    [InlineData(false, true, 12, 11, 12, "b")]
    [InlineData(false, false, 12, 12, 10, "c")]
    public void Multiply_ShortSpan_ThrowsNamingIt(bool transposeA, bool transposeB, int lengthA, int lengthB, int lengthC, string name)
    {
        // op(A) 3 x 4 and op(B) 4 x 3 need 12 elements, C (3 x 3, ldc 4) needs 11; the cases pass one fewer.
        int lda = transposeA ? 3 : 4, ldb = transposeB ? 4 : 3;
        if (transposeA) lengthA -= 1; // stored 4 x 3 with lda 3 needs 12; 10 is short
        if (transposeB) lengthB -= 1;
        var act = () => Gemm.Multiply(transposeA, transposeB, 3, 3, 4, 1f, new float[lengthA], lda, new float[lengthB], ldb, 0f, new float[lengthC], 4);
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(name);
    }

    [Theory]
    [InlineData(3, 3, 3, "lda")]
    [InlineData(4, 2, 3, "ldb")]
    [InlineData(4, 3, 2, "ldc")]
    public void Multiply_LeadingDimensionBelowColumns_ThrowsNamingIt(int lda, int ldb, int ldc, string name)
    {
        var act = () => Gemm.Multiply(false, false, 3, 3, 4, 1f, new float[64], lda, new float[64], ldb, 0f, new float[64], ldc);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Multiply_NegativeThreads_Throws()
    {
        var act = () => Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[4], 2, new float[4], 2, 0f, new float[4], 2, threads: -1);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("threads");
    }

    [Fact]
    public void Multiply_COverlapsA_Throws()
    {
        float[] buffer = new float[32];
        var act = () => Gemm.Multiply(false, false, 4, 4, 4, 1f, buffer.AsSpan(0, 16), 4, new float[16], 4, 0f, buffer.AsSpan(8, 16), 4);
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("c");
    }

    [Fact]
    public void Multiply_AlphaZero_ScalesCWithoutReadingAOrB()
    {
        float[] a = [float.NaN, 1, 2, 3], b = [4, float.PositiveInfinity, 6, 7], c = [1, -2, 3, float.NaN];
        Gemm.Multiply(false, false, 2, 2, 2, 0f, a, 2, b, 2, 0.5f, c, 2);
        c[..3].Should().Equal(0.5f, -1f, 1.5f);
        float.IsNaN(c[3]).Should().BeTrue("beta*NaN stays NaN when beta != 0");
    }

    [Fact]
    public void Multiply_KZeroBetaZero_ClearsCEvenWhenNaN()
    {
        float[] c = [float.NaN, 5, 6, float.NegativeInfinity, 7, 8];
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0f, c, 3);
        c.Should().Equal(0f, 0f, 6f, 0f, 0f, 8f);
    }

    [Fact]
    public void Multiply_EmptyMOrN_LeavesCUntouched()
    {
        float[] c = [1, 2, 3];
        Gemm.Multiply(false, false, 0, 3, 2, 1f, [], 2, new float[6], 3, 0f, c, 3);
        Gemm.Multiply(false, false, 1, 0, 2, 1f, new float[2], 2, [], 1, 0f, c, 1);
        c.Should().Equal(1f, 2f, 3f);
    }

    [Fact]
    public void Multiply_ThreadsOneAndDefault_MatchReference()
    {
        var t = new GemmCase(new System.Random(42), true, false, 120, 130, 140, alpha: 2f, beta: -1f);
        t.Check(t.Run((g, c) => Gemm.Multiply(g.TransposeA, g.TransposeB, g.M, g.N, g.K, g.Alpha, g.A, g.Lda, g.B, g.Ldb, g.Beta, c, g.Ldc, threads: 1)), "threads 1");
        t.Check(t.Run(Public), "threads 0");
    }

    [SkippableFact]
    public void Multiply_UseNativeBlasOff_RunsManagedPath()
    {
        Skip.IfNot(Gemm.NativeBlasAvailable, "no native BLAS to switch off");
        var t = new GemmCase(new System.Random(43), false, false, 200, 210, 220, alpha: 1f, beta: 0f);
        float[] managed = t.Run((g, c) => Gemm.MultiplyManaged(GemmKernelKind.Auto, g.TransposeA, g.TransposeB, g.M, g.N, g.K, g.Alpha, g.A, g.Lda, g.B, g.Ldb, g.Beta, c, g.Ldc, 0));
        bool saved = Gemm.UseNativeBlas;
        try
        {
            Gemm.UseNativeBlas = false;
            t.Run(Public).Should().Equal(managed, "with the native BLAS off the public entry point is the managed path");
        }
        finally
        {
            Gemm.UseNativeBlas = saved;
        }
    }

    [Fact]
    public void Multiply_LargeWideProduct_RunsManagedByDefaultEvenWithANativeBlasInstalled()
    {
        // Results must not depend on whether OpenBLAS happens to be installed: two same-seed training runs,
        // one started before libopenblas0-pthread was installed and one after, once differed from epoch 1.
        Environment.GetEnvironmentVariable("FER_NATIVE_BLAS").Should().BeNullOrEmpty("the test process runs with the defaults");
        Gemm.UseNativeBlas.Should().BeFalse("the native BLAS is opt-in (FER_NATIVE_BLAS=1 or a path)");
        // Wide and large enough for the library: a VGG FC layer's weight gradient (256 x 2304 x 64).
        var t = new GemmCase(new System.Random(45), true, false, 256, 2304, 64, alpha: 1f, beta: 0f);
        ((long)t.M * t.N * t.K).Should().BeGreaterThanOrEqualTo(Gemm.NativeMinWork);
        t.N.Should().BeGreaterThanOrEqualTo(Gemm.NativeMinColumns);
        float[] managed = t.Run((g, c) => Gemm.MultiplyManaged(GemmKernelKind.Auto, g.TransposeA, g.TransposeB, g.M, g.N, g.K, g.Alpha, g.A, g.Lda, g.B, g.Ldb, g.Beta, c, g.Ldc, 0));
        t.Run(Public).Should().Equal(managed);
    }

    [SkippableFact]
    public void RunsNative_WithTheNativeBlasOn_TakesLargeWideProductsOnly()
    {
        Skip.IfNot(Gemm.NativeBlasAvailable, "no native BLAS installed (apt-get install libopenblas0-pthread)");
        int threads = Fer.Tensors.Threading.Parallelism.ThreadCount;
        // A batch-1 layer-4 convolution of ResNet-18 at 112 px: enough work for the library, but 16 columns.
        ((long)512 * 16 * 4608).Should().BeGreaterThanOrEqualTo(Gemm.NativeMinWork);
        Gemm.RunsNative(true, 512, 16, 4608, threads, threads).Should().BeFalse("narrow products run the managed kernels");
        Gemm.RunsNative(true, 256, 2304, 64, threads, threads).Should().BeTrue("large, wide products go to the library when it is asked for");
        Gemm.RunsNative(false, 256, 2304, 64, threads, threads).Should().BeFalse("unless it is not");
        Gemm.RunsNative(true, 64, 64, 64, threads, threads).Should().BeFalse("small products stay managed");
        if (threads > 1) Gemm.RunsNative(true, 256, 2304, 64, 1, threads).Should().BeFalse("a single-threaded call cannot use the library-wide thread setting");
    }
}
