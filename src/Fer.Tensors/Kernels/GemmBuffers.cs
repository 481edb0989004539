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

    // Packing may write up to 8 floats past the last panel (see GemmPacking).
    private const int SlackFloats = 16;

    [ThreadStatic] private static float[]? packA;
    [ThreadStatic] private static float[]? packB;

    /// <summary>A 64-byte-aligned buffer of at least <paramref name="length"/> floats for packed A, owned by this thread.</summary>
    public static unsafe float* A(int length) => Get(ref packA, length);

    /// <summary>A 64-byte-aligned buffer of at least <paramref name="length"/> floats for packed B, owned by this thread.</summary>
    public static unsafe float* B(int length) => Get(ref packB, length);

    private static unsafe float* Get(ref float[]? buffer, int length)
    {
        int needed = length + AlignFloats + SlackFloats;
        if (buffer is null || buffer.Length < needed)
        {
            // Grow by at least half again, so a slowly growing series of sizes reallocates rarely.
            int size = (int)Math.Min(Array.MaxLength, Math.Max(needed, buffer is null ? 0 : buffer.Length + (long)buffer.Length / 2));
            buffer = GC.AllocateUninitializedArray<float>(size, pinned: true);
        }

        nint address = (nint)Unsafe.AsPointer(ref buffer[0]);
        nint aligned = (address + 63) & ~(nint)63;
        return (float*)aligned;
    }
}
