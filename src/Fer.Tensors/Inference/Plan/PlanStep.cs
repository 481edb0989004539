using Fer.Tensors.Kernels.Blocked;

namespace Fer.Tensors.Inference.Plan;

/// <summary>One step of a compiled plan: reads and writes value slots in the run's arena.</summary>
internal abstract class PlanStep(ValueSlot[] inputs, ValueSlot output)
{
    public ValueSlot[] Inputs { get; } = inputs;

    public ValueSlot Output { get; } = output;

    /// <summary>A short name for profiles and errors.</summary>
    public abstract string Name { get; }

    public abstract unsafe void Execute(float* arena, int images);

    /// <summary>Floats of weights the step reads on every run (packed convolution and linear weights).</summary>
    public virtual long WeightFloats => 0;

    /// <summary>Multiply-adds per image (convolutions and linear layers; the rest is cheap beside them).</summary>
    public virtual long MultiplyAdds => 0;

    /// <summary>Zeros the halo of every image of a blocked map (its producer writes the interior only).</summary>
    protected static unsafe void ClearHalo(float* data, in BlockedLayout layout, int images)
    {
        if (layout.HaloH == 0 && layout.HaloW == 0) return;
        int planes = images * layout.Blocks;
        nint row = layout.RowStride, plane = layout.BlockStride;
        int lanes = layout.Lanes, hh = layout.HaloH, hw = layout.HaloW;
        for (int p = 0; p < planes; p++)
        {
            float* start = data + p * plane;
            new Span<float>(start, (int)(hh * row)).Clear();
            new Span<float>(start + (hh + layout.Height) * row, (int)(hh * row)).Clear();
            for (int y = hh; y < hh + layout.Height; y++)
            {
                float* r = start + y * row;
                new Span<float>(r, hw * lanes).Clear();
                new Span<float>(r + (hw + layout.Width) * lanes, hw * lanes).Clear();
            }
        }
    }
}
