namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// The windowing attributes shared by Conv, ConvTranspose, MaxPool and AveragePool: kernel_shape,
/// strides, dilations, pads (all begins, then all ends) and auto_pad, checked for length and range,
/// and the output size and padding they give for an input size.
/// </summary>
internal sealed class SpatialGeometry
{
    private SpatialGeometry(int[]? kernel, int[] strides, int[] dilations, int[] pads, string autoPad, bool ceilMode)
    {
        Kernel = kernel;
        Strides = strides;
        Dilations = dilations;
        Pads = pads;
        AutoPad = autoPad;
        CeilMode = ceilMode;
    }

    /// <summary>The kernel size per spatial axis; null until known from a weight (Conv without kernel_shape).</summary>
    public int[]? Kernel { get; }

    public int[] Strides { get; }

    public int[] Dilations { get; }

    /// <summary>Explicit pads: begins of every axis, then ends.</summary>
    public int[] Pads { get; }

    public string AutoPad { get; }

    public bool CeilMode { get; }

    public int SpatialRank => Strides.Length;

    /// <summary>The spatial rank the attributes imply (from kernel_shape, strides, dilations or pads), or 0 when none is given.</summary>
    public static int DeclaredRank(NodeContext ctx)
    {
        if (ctx.Ints("kernel_shape") is { } k) return k.Length;
        if (ctx.Ints("strides") is { } s) return s.Length;
        if (ctx.Ints("dilations") is { } d) return d.Length;
        if (ctx.Ints("pads") is { } p) return p.Length / 2;
        return 0;
    }

    /// <summary>Reads the attributes; <paramref name="spatialRank"/> is known from kernel_shape or given by the caller.</summary>
    public static SpatialGeometry Read(NodeContext ctx, int spatialRank, bool kernelRequired, bool hasCeilMode, bool hasDilations)
    {
        long[]? kernel = ctx.Ints("kernel_shape");
        if (kernel is null && kernelRequired) throw ctx.Error("attribute 'kernel_shape' is required.");
        if (kernel is not null) spatialRank = kernel.Length;
        if (spatialRank is < 1 or > 2)
            throw ctx.Error(kernel is null
                ? $"expected 1 or 2 spatial dimensions; got {spatialRank}."
                : $"attribute 'kernel_shape' {NodeContext.Join(kernel)} has {kernel.Length} entries; only 1-D and 2-D windows are supported.");
        int[]? k = kernel is null ? null : Positive(ctx, "kernel_shape", kernel, spatialRank);
        int[] strides = ctx.Ints("strides") is { } s ? Positive(ctx, "strides", s, spatialRank) : Ones(spatialRank);
        int[] dilations = hasDilations && ctx.Ints("dilations") is { } d ? Positive(ctx, "dilations", d, spatialRank) : Ones(spatialRank);
        string autoPad = ctx.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "SAME_UPPER" or "SAME_LOWER" or "VALID"))
            throw ctx.Error($"attribute 'auto_pad' is '{autoPad}'; expected NOTSET, SAME_UPPER, SAME_LOWER or VALID.");
        long[]? padsAttr = ctx.Ints("pads");
        var pads = new int[2 * spatialRank];
        if (padsAttr is not null)
        {
            if (padsAttr.Length != 2 * spatialRank)
                throw ctx.Error($"attribute 'pads' {NodeContext.Join(padsAttr)} has {padsAttr.Length} entries; expected {2 * spatialRank} (begins, then ends).");
            for (int i = 0; i < pads.Length; i++)
            {
                if (padsAttr[i] < 0 || padsAttr[i] > 1 << 20) throw ctx.Error($"attribute 'pads' {NodeContext.Join(padsAttr)} has an entry outside 0..2^20.");
                pads[i] = (int)padsAttr[i];
            }
            if (autoPad != "NOTSET" && pads.Any(p => p != 0))
                throw ctx.Error($"attributes 'pads' and 'auto_pad' ({autoPad}) are both given; use one.");
        }
        bool ceil = hasCeilMode && ctx.IntInRange("ceil_mode", 0, 0, 1) == 1;
        return new SpatialGeometry(k, strides, dilations, pads, autoPad, ceil);
    }

    /// <summary>Output size and (begin, end) padding along spatial axis <paramref name="axis"/>; -1 output for an unknown input size.</summary>
    public (int Out, int Begin, int End) Resolve(int axis, int input, int kernel)
    {
        int s = Strides[axis];
        int span = (kernel - 1) * Dilations[axis] + 1;
        switch (AutoPad)
        {
            case "VALID":
                return (input < 0 ? -1 : input < span ? 0 : (input - span) / s + 1, 0, 0);
            case "SAME_UPPER":
            case "SAME_LOWER":
                if (input < 0) return (-1, 0, 0);
                int outSame = (input + s - 1) / s;
                int total = Math.Max((outSame - 1) * s + span - input, 0);
                int small = total / 2, large = total - small;
                return AutoPad == "SAME_UPPER" ? (outSame, small, large) : (outSame, large, small);
            default:
                int b = Pads[axis], e = Pads[axis + SpatialRank];
                if (input < 0) return (-1, b, e);
                int padded = input + b + e - span;
                if (padded < 0) return (0, b, e);
                int o = CeilMode ? (padded + s - 1) / s + 1 : padded / s + 1;
                // As PyTorch and ONNX Runtime: the last window must start inside the input or the begin padding.
                if (CeilMode && (o - 1) * s >= input + b) o--;
                return (o, b, e);
        }
    }

    private static int[] Positive(NodeContext ctx, string name, long[] values, int rank)
    {
        if (values.Length != rank)
            throw ctx.Error($"attribute '{name}' {NodeContext.Join(values)} has {values.Length} entries; expected {rank}.");
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            if (values[i] < 1 || values[i] > 1 << 20) throw ctx.Error($"attribute '{name}' {NodeContext.Join(values)} has an entry outside 1..2^20.");
            r[i] = (int)values[i];
        }
        return r;
    }

    private static int[] Ones(int n) => Enumerable.Repeat(1, n).ToArray();
}
