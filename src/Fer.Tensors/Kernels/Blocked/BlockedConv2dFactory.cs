using System.Runtime.Intrinsics;

namespace Fer.Tensors.Kernels.Blocked;

/// <summary>The channel block this machine's blocked kernels use: its widest hardware vector, in floats.</summary>
internal static class BlockedConv2dFactory
{
    public static int DefaultBlock { get; } =
        BlockVector512.IsHardwareAccelerated ? 16 : BlockVector256.IsHardwareAccelerated ? 8 : 4;
}
