namespace Fer.Tensors.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: computes an <see cref="Mr"/> x <see cref="Nr"/> tile of
/// C from a packed A micro-panel (kc steps of Mr values) and a B micro-panel (kc steps of Nr values,
/// consecutive steps <c>rsb</c> floats apart). Implemented by readonly structs so the blocked driver
/// is specialised per kernel by the JIT.
/// </summary>
internal interface IGemmMicroKernel<TSelf>
    where TSelf : IGemmMicroKernel<TSelf>
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int Nr { get; }

    /// <summary>Whether the instructions the kernel needs are available (hardware or a correct software fallback).</summary>
    static abstract bool IsSupported { get; }

    /// <summary>
    /// tile = sum over p of a[p*Mr + i] * b[p*rsb + j]; then c[i*ldc + j] = alpha*tile when beta is 0
    /// (c is not read), else fma(alpha, tile, beta*c). The k order is sequential, one fused
    /// multiply-add per step, so every element gets the same arithmetic whatever tile it falls in.
    /// </summary>
    static abstract unsafe void Run(int kc, float* a, float* b, nint rsb, float* c, nint ldc, float alpha, float beta);

    /// <summary>
    /// As <see cref="Run"/>, with A read in place from Mr rows of a row-major matrix (row i at
    /// a + i*lda, step p at +p) instead of a packed panel; the arithmetic is identical, so packing or
    /// not never changes a bit. The default copies the rows into a packed panel first.
    /// </summary>
    static virtual unsafe void RunRows(int kc, float* a, nint lda, float* b, nint rsb, float* c, nint ldc, float alpha, float beta)
    {
        int mr = TSelf.Mr;
        float* panel = stackalloc float[kc * mr];
        for (int p = 0; p < kc; p++)
            for (int i = 0; i < mr; i++) panel[p * mr + i] = a[i * lda + p];
        TSelf.Run(kc, panel, b, rsb, c, ldc, alpha, beta);
    }
}
