using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>A channel block of 4 floats in one <see cref="Vector128{T}"/>.</summary>
internal readonly struct BlockVector128 : IBlockVector<BlockVector128>
{
    private readonly Vector128<float> value;

    private BlockVector128(Vector128<float> value) => this.value = value;

    public static int Count => Vector128<float>.Count;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    public static BlockVector128 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe BlockVector128 Load(float* source) => new(Vector128.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(float* destination, BlockVector128 value) => Vector128.Store(value.value, destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe BlockVector128 Broadcast(float* source) => new(Vector128.Create(*source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector128 Create(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector128 MultiplyAdd(BlockVector128 a, BlockVector128 b, BlockVector128 c) => new(Vector128.FusedMultiplyAdd(a.value, b.value, c.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector128 Add(BlockVector128 a, BlockVector128 b) => new(a.value + b.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector128 Multiply(BlockVector128 a, BlockVector128 b) => new(a.value * b.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector128 Max(BlockVector128 a, BlockVector128 b)
        => new(Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(a.value, b.value) | ~Vector128.Equals(a.value, a.value), a.value, b.value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BlockVector128 Rectify(BlockVector128 x, BlockVector128 slope)
        => new(Vector128.ConditionalSelect(Vector128.LessThan(x.value, Vector128<float>.Zero), slope.value * x.value, x.value));
}
