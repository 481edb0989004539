using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>A channel block of 8 floats in one <see cref="Vector256{T}"/>.</summary>
internal readonly struct BlockVector256 : IBlockVector<BlockVector256>
{
    private readonly Vector256<float> value;

    private BlockVector256(Vector256<float> value) => this.value = value;

    public static int Count => Vector256<float>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    public static BlockVector256 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe BlockVector256 Load(float* source) => new(Vector256.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(float* destination, BlockVector256 value) => Vector256.Store(value.value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe BlockVector256 Broadcast(float* source) => new(Vector256.Create(*source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector256 Create(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector256 MultiplyAdd(BlockVector256 a, BlockVector256 b, BlockVector256 c) => new(Vector256.FusedMultiplyAdd(a.value, b.value, c.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector256 Add(BlockVector256 a, BlockVector256 b) => new(a.value + b.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector256 Multiply(BlockVector256 a, BlockVector256 b) => new(a.value * b.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector256 Max(BlockVector256 a, BlockVector256 b)
        => new(Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(a.value, b.value) | ~Vector256.Equals(a.value, a.value), a.value, b.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector256 Rectify(BlockVector256 x, BlockVector256 slope)
        => new(Vector256.ConditionalSelect(Vector256.LessThan(x.value, Vector256<float>.Zero), slope.value * x.value, x.value));
}
