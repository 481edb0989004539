namespace Fer.Tensors.Kernels;

/// <summary>
/// The managed paths. <see cref="Auto"/> is what <see cref="Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int, int)"/>
/// runs; tests force each of the others on every machine.
/// </summary>
internal enum GemmKernelKind
{
    /// <summary>Matrix-vector path for m = 1 or n = 1, the unpacked path for small products, otherwise the widest blocked kernel.</summary>
    Auto,

    /// <summary>Blocked, 4 x 4 scalar kernel (no SIMD).</summary>
    Scalar,

    /// <summary>Blocked, 6 x 16 AVX2 + FMA kernel.</summary>
    Avx2,

    /// <summary>Blocked, 8 x 48 AVX-512 kernel.</summary>
    Avx512,

    /// <summary>Unpacked 4 x 16 AVX2 path for small products.</summary>
    Small,

    /// <summary>Matrix-vector path (only for m = 1 or n = 1).</summary>
    Vector,
}
