using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>A channel block of 16 floats in one <see cref="Vector512{T}"/>.</summary>
internal readonly struct BlockVector512 : IBlockVector<BlockVector512>
{
    private readonly Vector512<float> value;

    private BlockVector512(Vector512<float> value) => this.value = value;

    public static int Count => Vector512<float>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    public static BlockVector512 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe BlockVector512 Load(float* source) => new(Vector512.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(float* destination, BlockVector512 value) => Vector512.Store(value.value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe BlockVector512 Broadcast(float* source) => new(Vector512.Create(*source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector512 Create(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector512 MultiplyAdd(BlockVector512 a, BlockVector512 b, BlockVector512 c) => new(Vector512.FusedMultiplyAdd(a.value, b.value, c.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector512 Add(BlockVector512 a, BlockVector512 b) => new(a.value + b.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector512 Multiply(BlockVector512 a, BlockVector512 b) => new(a.value * b.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector512 Max(BlockVector512 a, BlockVector512 b)
        => new(Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a.value, b.value) | ~Vector512.Equals(a.value, a.value), a.value, b.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector512 Rectify(BlockVector512 x, BlockVector512 slope)
        => new(Vector512.ConditionalSelect(Vector512.LessThan(x.value, Vector512<float>.Zero), slope.value * x.value, x.value));
}
