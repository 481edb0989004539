using Fer.Tensors.Kernels;

namespace Fer.Tensors.Tests.Kernels;

/// <summary>
/// Allocation checks, run alone (no other test class in parallel): pooled fork-join jobs are only
/// "steady" when no other caller is holding them at the same time.
/// </summary>
[Collection(SerialGemmCollection.Name)]
public class GemmAllocationTests
{
    [Theory]
    [InlineData(1, 100, 100, 1)]
    [InlineData(20, 20, 20, 1)]
    [InlineData(150, 160, 170, 1)]
    [InlineData(150, 160, 170, 2)]
    public void MultiplyManaged_SteadyState_AllocatesNothingOnTheCallingThread(int m, int n, int k, int threads)
    {
        var t = new GemmCase(new System.Random(44), false, true, m, n, k);
        float[] c = (float[])t.C0.Clone();
        void Once() => Gemm.MultiplyManaged(GemmKernelKind.Auto, false, true, m, n, k, 1f, t.A, t.Lda, t.B, t.Ldb, 0f, c, t.Ldc, threads);
        for (int i = 0; i < 20; i++) Once();
        const int Calls = 50;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++) Once();
        // Less than one smallest object (24 bytes) per call: buffers, fork-join jobs and scratch tiles
        // are reused. (A pooled job still held by a helper that woke late can cost one more, rarely.)
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(Calls * 24L);
    }
}
