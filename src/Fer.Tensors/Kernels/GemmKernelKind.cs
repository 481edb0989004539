namespace Fer.Tensors.Kernels;

/// <summary>The managed micro-kernels; tests force each one, the engine picks the widest the hardware runs.</summary>
internal enum GemmKernelKind
{
    /// <summary>4 x 4 scalar kernel (no SIMD).</summary>
    Scalar,

    /// <summary>6 x 16 AVX2 + FMA kernel.</summary>
    Avx2,

    /// <summary>8 x 32 AVX-512 kernel.</summary>
    Avx512,
}
