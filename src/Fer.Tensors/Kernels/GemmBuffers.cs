using System.Runtime.CompilerServices;

namespace Fer.Tensors.Kernels;

/// <summary>
/// Per-thread packing buffers, grown on demand and then reused, so a steady stream of GEMM calls
/// allocates nothing. Arrays live on the pinned object heap, so their addresses never move, and
/// the returned pointers are aligned to 64 bytes (a cache line, and a full AVX-512 vector).
/// </summary>
internal static class GemmBuffers
{
    private const int AlignFloats = 16;

    [ThreadStatic] private static float[]? packA;
    [ThreadStatic] private static float[]? packB;

    /// <summary>A 64-byte-aligned buffer of at least <paramref name="length"/> floats for packed A, owned by this thread.</summary>
    public static unsafe float* A(int length) => Get(ref packA, length);

    /// <summary>A 64-byte-aligned buffer of at least <paramref name="length"/> floats for packed B, owned by this thread.</summary>
    public static unsafe float* B(int length) => Get(ref packB, length);

    private static unsafe float* Get(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length + AlignFloats)
        {
            // Grow by at least half again, so a slowly growing series of sizes reallocates rarely.
            int size = Math.Max(length + AlignFloats, buffer is null ? 0 : buffer.Length + buffer.Length / 2);
            buffer = GC.AllocateUninitializedArray<float>(size, pinned: true);
        }

        nint address = (nint)Unsafe.AsPointer(ref buffer[0]);
        nint aligned = (address + 63) & ~(nint)63;
        return (float*)aligned;
    }
}
