using Fer.Tensors.Inference.Graph;
using Fer.Tensors.Kernels.Blocked;
using Fer.Tensors.Kernels.Convolution;

namespace Fer.Tensors.Inference.Plan;

/// <summary>A dense convolution on the blocked kernel, with its fused epilogue.</summary>
internal sealed class ConvStep(BlockedConv2d conv, ValueSlot input, ValueSlot? residual, ValueSlot output)
    : PlanStep(residual is null ? [input] : [input, residual], output)
{
    public override string Name => $"conv {conv.KH}x{conv.KW}/{conv.StrideH} {conv.InChannels}->{conv.OutChannels}{(residual is null ? "" : " +res")}{(conv.Rectified ? " +rect" : "")}";

    public override long WeightFloats => conv.PackedFloats;

    public override long MultiplyAdds => (long)Output.Layout.Height * Output.Layout.Width * conv.OutChannels * conv.InChannels * conv.KH * conv.KW;

    public override unsafe void Execute(float* arena, int images)
    {
        float* y = Output.In(arena, images);
        ClearHalo(y, Output.Layout, images);
        conv.Run(Inputs[0].In(arena, images), Inputs[0].Layout, y, Output.Layout,
            residual is null ? null : residual.In(arena, images), residual?.Layout ?? default, images);
    }
}

/// <summary>A depthwise convolution on the blocked kernel.</summary>
internal sealed class DepthwiseStep(BlockedDepthwiseConv2d conv, ValueSlot input, ValueSlot output) : PlanStep([input], output)
{
    public override string Name => $"depthwise {conv.KH}x{conv.KW}/{conv.StrideH} {conv.Channels}{(conv.RectifiedInput ? " relu-in" : "")}{(conv.Rectified ? " +rect" : "")}";

    public override long WeightFloats => conv.PackedFloats;

    public override long MultiplyAdds => (long)Output.Layout.Height * Output.Layout.Width * conv.Channels * conv.KH * conv.KW;

    public override unsafe void Execute(float* arena, int images)
    {
        float* y = Output.In(arena, images);
        ClearHalo(y, Output.Layout, images);
        conv.Run(Inputs[0].In(arena, images), Inputs[0].Layout, y, Output.Layout, images);
    }
}

/// <summary>
/// A convolution the blocked kernels do not cover (dilation, channel groups other than depthwise, width
/// strides above 2): the input goes back to NCHW, through the engine's general kernel, and into the
/// blocked output, where the residual and rectifier are applied.
/// </summary>
internal sealed class FallbackConvStep(ConvNode node, ValueSlot input, ValueSlot? residual, ValueSlot output)
    : PlanStep(residual is null ? [input] : [input, residual], output)
{
    private readonly float[] slopes = SlopeArray(node, output.Layout);

    public override string Name => $"conv (general) {node.KH}x{node.KW}/{node.StrideH} groups {node.Groups} {node.InChannels}->{node.OutChannels}";

    public override long WeightFloats => node.Weight.Length;

    public override long MultiplyAdds => (long)Output.Layout.Height * Output.Layout.Width * node.Weight.Length;

    public override unsafe void Execute(float* arena, int images)
    {
        BlockedLayout inL = Inputs[0].Layout, outL = Output.Layout;
        var g = new ConvGeometry(images, node.InChannels, inL.Height, inL.Width, node.OutChannels, outL.Height, outL.Width, node.KH, node.KW,
            node.StrideH, node.StrideW, node.Padding.Top, node.Padding.Left, node.DilationH, node.DilationW, node.Groups);
        var x = new float[(long)images * g.InImage];
        var y = new float[(long)images * g.OutImage];
        BlockedReorder.ToNchw(Inputs[0].In(arena, images), inL, images, x);
        if (node.RectifyInput) System.Numerics.Tensors.TensorPrimitives.Max(x, 0f, x);
        Conv2dKernel.Forward(x, node.Weight, node.Bias, y, g);
        float* output = Output.In(arena, images);
        BlockedReorder.FromNchw(y, images, outL, output);
        if (residual is null && node.Rectifier is null) return;
        fixed (float* s = slopes)
        {
            BlockedElementwise.Run(output, outL, residual is null ? null : residual.In(arena, images), residual?.Layout ?? default, null, null,
                node.Rectifier is not null, node.Rectifier?.Slope ?? 0f, node.Rectifier?.Slopes is null ? null : s, output, outL, images);
        }
    }

    internal static float[] SlopeArray(ConvNode node, in BlockedLayout layout)
    {
        var s = new float[layout.Blocks * layout.Block];
        node.Rectifier?.Slopes?.CopyTo(s, 0);
        return s;
    }
}

/// <summary>Max, average or adaptive average pooling.</summary>
internal sealed class PoolStep(BlockedPool2d pool, ValueSlot input, ValueSlot output) : PlanStep([input], output)
{
    public override string Name => pool.Max ? "max_pool" : "avg_pool";

    public override unsafe void Execute(float* arena, int images)
    {
        float* y = Output.In(arena, images);
        ClearHalo(y, Output.Layout, images);
        pool.Run(Inputs[0].In(arena, images), Inputs[0].Layout, y, Output.Layout, images);
    }
}

/// <summary>An affine map, a sum and/or a rectifier on maps that no convolution absorbed.</summary>
internal sealed class MapElementwiseStep : PlanStep
{
    private readonly float[]? scale, shift, slopes;
    private readonly Rectifier? rectifier;
    private readonly string name;

    public MapElementwiseStep(string name, ValueSlot a, ValueSlot? b, float[]? scale, float[]? shift, Rectifier? rectifier, ValueSlot output)
        : base(b is null ? [a] : [a, b], output)
    {
        this.name = name;
        int padded = output.Layout.Blocks * output.Layout.Block;
        this.scale = Pad(scale, padded);
        this.shift = Pad(shift, padded);
        this.rectifier = rectifier;
        slopes = Pad(rectifier?.Slopes, padded);
    }

    public override string Name => name;

    public override unsafe void Execute(float* arena, int images)
    {
        float* y = Output.In(arena, images);
        ClearHalo(y, Output.Layout, images);
        fixed (float* pScale = scale, pShift = shift, pSlopes = slopes)
        {
            ValueSlot? b = Inputs.Length > 1 ? Inputs[1] : null;
            BlockedElementwise.Run(Inputs[0].In(arena, images), Inputs[0].Layout, b is null ? null : b.In(arena, images), b?.Layout ?? default,
                pScale, pShift, rectifier is not null, rectifier?.Slope ?? 0f, pSlopes, y, Output.Layout, images);
        }
    }

    private static float[]? Pad(float[]? values, int length)
    {
        if (values is null) return null;
        var p = new float[length];
        values.CopyTo(p, 0);
        return p;
    }
}

/// <summary>A map to a flat vector in C, H, W order.</summary>
internal sealed class FlattenStep(ValueSlot input, ValueSlot output) : PlanStep([input], output)
{
    public override string Name => "flatten";

    public override unsafe void Execute(float* arena, int images)
    {
        BlockedLayout l = Inputs[0].Layout;
        int features = Output.Features;
        float* y = Output.In(arena, images);
        float* x = Inputs[0].In(arena, images);
        // One image at a time: the flat value's rows are `features` long, the map's images ImageStride apart.
        for (int n = 0; n < images; n++)
            BlockedReorder.ToNchw(x + n * l.ImageStride, l, 1, new Span<float>(y + (long)n * features, features));
    }
}
