using Fer.Tensors.Kernels.Blocked;

namespace Fer.Tensors.Inference.Plan;

/// <summary>
/// Where one value of a plan lives in the run's arena: a map in a blocked (or planar) layout, or a flat
/// vector of <see cref="Features"/> floats, per image. Offsets and sizes are per image and multiples of
/// 16 floats; a run over N images scales both by N, which keeps values apart and aligned.
/// </summary>
internal sealed class ValueSlot
{
    public ValueSlot(BlockedLayout layout)
    {
        Layout = layout;
        PerImage = RoundUp(layout.ImageStride);
    }

    public ValueSlot(int features)
    {
        Features = features;
        PerImage = RoundUp(features);
    }

    /// <summary>The layout of a map (default for a flat value).</summary>
    public BlockedLayout Layout { get; }

    /// <summary>The length of a flat value (0 for a map).</summary>
    public int Features { get; }

    public bool IsFlat => Features > 0;

    /// <summary>Floats reserved per image.</summary>
    public long PerImage { get; }

    /// <summary>Start within the arena, per image (set by the planner).</summary>
    public long Offset { get; set; }

    /// <summary>The value's storage in an arena at <paramref name="arena"/> for a run of <paramref name="images"/> images.</summary>
    public unsafe float* In(float* arena, int images) => arena + Offset * images;

    private static long RoundUp(long floats) => (floats + 15) / 16 * 16;
}
