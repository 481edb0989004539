namespace Fer.Tensors.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: computes an <see cref="Mr"/> x <see cref="Nr"/> tile of
/// C from a packed A micro-panel (kc steps of Mr values) and a B micro-panel (kc steps of Nr values,
/// consecutive steps <c>rsb</c> floats apart). Implemented by readonly structs so the blocked driver
/// is specialised per kernel by the JIT.
/// </summary>
internal interface IGemmMicroKernel
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
}
