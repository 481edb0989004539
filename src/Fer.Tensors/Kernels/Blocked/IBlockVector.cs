using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>
/// One channel block of the blocked (NCHWc) layout as a SIMD register: <see cref="Count"/> channels
/// of one pixel side by side. The blocked kernels are written once against this interface and
/// specialised by the JIT for each width (<see cref="BlockVector512"/>, <see cref="BlockVector256"/>,
/// <see cref="BlockVector128"/>), so the block size is the machine's widest vector.
/// </summary>
internal interface IBlockVector<TSelf>
    where TSelf : struct, IBlockVector<TSelf>
{
    /// <summary>Floats in one vector: the channel block size.</summary>
    static abstract int Count { get; }

    /// <summary>Whether the runtime runs this width in hardware.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    static abstract TSelf Zero { get; }

    static abstract unsafe TSelf Load(float* source);

    static abstract unsafe void Store(float* destination, TSelf value);

    /// <summary>Every lane set to <c>*source</c>.</summary>
    static abstract unsafe TSelf Broadcast(float* source);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Create(float value);

    /// <summary>a * b + c, rounded once.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Add(TSelf a, TSelf b);

    static abstract TSelf Multiply(TSelf a, TSelf b);

    /// <summary>Lane-wise maximum; a NaN in <paramref name="a"/> is kept (as PyTorch's max pooling and ReLU keep NaN).</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>x where x is at least 0 (or NaN), else slope * x: ReLU (slope 0), leaky ReLU and PReLU.</summary>
    static abstract TSelf Rectify(TSelf x, TSelf slope);
}
