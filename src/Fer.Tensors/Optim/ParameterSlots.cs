namespace Fer.Tensors.Optim;

/// <summary>Per-parameter optimizer state: the step count and named buffers (by index into the optimizer's buffer names).</summary>
internal sealed class ParameterSlots(int bufferCount)
{
    /// <summary>Number of updates applied to this parameter (Adam's bias correction).</summary>
    public long Step;

    /// <summary>State buffers with the parameter's element count, null until first used.</summary>
    public readonly float[]?[] Buffers = new float[bufferCount][];
}
