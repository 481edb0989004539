namespace Fer.Tensors.Kernels.Blocked;

/// <summary>The channel block this machine's blocked kernels use: its widest hardware vector, in floats.</summary>
internal static class BlockWidth
{
    public static int Default { get; } =
        BlockVector512.IsHardwareAccelerated ? 16 : BlockVector256.IsHardwareAccelerated ? 8 : 4;
}
