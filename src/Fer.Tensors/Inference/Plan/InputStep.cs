using Fer.Tensors.Kernels.Blocked;

namespace Fer.Tensors.Inference.Plan;

/// <summary>The input images [N, C, H, W] into the first value's layout, with an optional per-channel affine map (input normalisation).</summary>
internal sealed class InputStep(ValueSlot output, float[]? scale, float[]? shift) : PlanStep([], output)
{
    public override string Name => scale is null ? "input" : "input (normalised)";

    /// <summary>Writes the input; <see cref="Execute"/> is not used for this step.</summary>
    public unsafe void Write(ReadOnlySpan<float> images, float* arena, int count)
    {
        float* y = Output.In(arena, count);
        BlockedReorder.FromNchw(images, count, Output.Layout, y, scale, shift);
    }

    public override unsafe void Execute(float* arena, int images) => throw new InvalidOperationException("the input step is written with Write.");
}
