using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Resize (opset 10+) and Upsample (opset 7-9) with mode nearest or linear, applied axis by axis.
/// Coordinate modes: half_pixel, pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn;
/// nearest modes: round_prefer_floor, round_prefer_ceil, floor, ceil. Before opset 11 the mapping
/// is asymmetric and nearest rounds down when enlarging and up when shrinking (ONNX Runtime's
/// behaviour). Output sizes are floor(input * scale) or the given sizes; arithmetic is float32
/// as in ONNX Runtime.
/// </summary>
internal sealed class ResizeOperator : OnnxOperator
{
    private readonly bool linear;
    private readonly string coordinateMode;
    private readonly string nearestMode;
    private readonly float[]? attributeScales;
    private readonly long[]? axesAttribute;
    private readonly int scalesInput;
    private readonly int sizesInput;

    public ResizeOperator(NodeContext context)
        : base(context)
    {
        context.RequireOutputs(1);
        string mode = context.String("mode", "nearest");
        if (mode is not ("nearest" or "linear" or "bilinear"))
            throw context.Error($"attribute 'mode' is '{mode}'; supported: nearest, linear.");
        linear = mode != "nearest";
        bool legacy = context.OpType == "Upsample" || context.Opset < 11;
        scalesInput = context.OpType == "Upsample" ? 1 : context.Opset < 11 ? 1 : 2;
        sizesInput = legacy ? -1 : 3;
        if (context.OpType == "Upsample" && context.Opset < 9)
        {
            context.RequireInputs(1, 1);
            attributeScales = context.Floats("scales") ?? throw context.Error("attribute 'scales' is required.");
        }
        else if (legacy)
        {
            context.RequireInputs(2, 2);
        }
        else
        {
            context.RequireInputs(context.Opset >= 13 ? 1 : 3, 4);
        }
        coordinateMode = legacy ? "asymmetric" : context.String("coordinate_transformation_mode", "half_pixel");
        nearestMode = legacy ? "legacy" : context.String("nearest_mode", "round_prefer_floor");
        if (coordinateMode is not ("half_pixel" or "pytorch_half_pixel" or "align_corners" or "asymmetric" or "tf_half_pixel_for_nn"))
            throw context.Error($"attribute 'coordinate_transformation_mode' is '{coordinateMode}'; supported: half_pixel, pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn.");
        if (!linear && nearestMode is not ("legacy" or "round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil"))
            throw context.Error($"attribute 'nearest_mode' is '{nearestMode}'; supported: round_prefer_floor, round_prefer_ceil, floor, ceil.");
        if (!legacy)
        {
            context.Ignore("cubic_coeff_a");
            context.Ignore("extrapolation_value"); // only used by tf_crop_and_resize
            if (context.Int("exclude_outside", 0) != 0) throw context.Error("attribute 'exclude_outside' = 1 is not supported.");
        }
        if (context.Opset >= 18 && !legacy)
        {
            if (context.Int("antialias", 0) != 0) throw context.Error("attribute 'antialias' = 1 is not supported.");
            string policy = context.String("keep_aspect_ratio_policy", "stretch");
            if (policy != "stretch") throw context.Error($"attribute 'keep_aspect_ratio_policy' is '{policy}'; only 'stretch' is supported.");
            axesAttribute = context.Ints("axes");
        }
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        RequireFloat(x, "input X");
        if (Optional(inputs, scalesInput) is { } s) RequireFloat(s, "input scales");
        if (sizesInput >= 0 && Optional(inputs, sizesInput) is { } z) RequireInt64(z, "input sizes");
        if (!x.HasRank) return [SymbolicValue.Float(null)];
        OnnxValue? scales = Optional(inputs, scalesInput)?.Constant;
        OnnxValue? sizes = sizesInput >= 0 ? Optional(inputs, sizesInput)?.Constant : null;
        bool scalesGiven = Optional(inputs, scalesInput) is not null, sizesGiven = sizesInput >= 0 && Optional(inputs, sizesInput) is not null;
        if ((scalesGiven && scales is null) || (sizesGiven && sizes is null))
            return [SymbolicValue.Float(Enumerable.Repeat(-1, x.Rank).ToArray())];
        var plan = Plan(x.Dims!, scales, sizes);
        return [SymbolicValue.Float(plan.Select(p => p.Out).ToArray())];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor x = inputs[0]!.AsTensor();
        var plan = Plan(x.Shape.ToArray(), Optional(inputs, scalesInput), sizesInput >= 0 ? Optional(inputs, sizesInput) : null);
        float[] data = x.ToArray();
        int[] shape = x.Shape.ToArray();
        for (int d = 0; d < shape.Length; d++)
        {
            var (outSize, scale) = plan[d];
            if (outSize == shape[d] && scale == 1f) continue;
            data = ResizeAxis(data, shape, d, outSize, scale);
            shape[d] = outSize;
        }
        return [OnnxValue.FromTensor(Tensor.Wrap(data, shape))];
    }

    /// <summary>Per axis: the output size and the scale used to map coordinates.</summary>
    private (int Out, float Scale)[] Plan(int[] dims, OnnxValue? scalesValue, OnnxValue? sizesValue)
    {
        int rank = dims.Length;
        int[] axes = axesAttribute is null ? Enumerable.Range(0, rank).ToArray() : axesAttribute.Select(a => ValueOps.Axis(Context, a, rank, "attribute 'axes'")).ToArray();
        var plan = dims.Select(d => (d, 1f)).ToArray();
        bool hasSizes = sizesValue is not null && sizesValue.ElementCount > 0;
        bool hasScales = attributeScales is not null || (scalesValue is not null && scalesValue.ElementCount > 0);
        if (hasSizes == hasScales) throw Error("exactly one of 'scales' and 'sizes' must be given (an empty tensor counts as absent).");
        if (hasSizes)
        {
            long[] sizes = sizesValue!.Int64Array;
            if (sizes.Length != axes.Length) throw Error($"sizes {NodeContext.Join(sizes)} has {sizes.Length} entries; expected {axes.Length}.");
            for (int i = 0; i < axes.Length; i++)
            {
                if (sizes[i] < 1 || sizes[i] > 1 << 24) throw Error($"sizes {NodeContext.Join(sizes)} has an entry outside 1..2^24.");
                int a = axes[i], input = dims[a];
                plan[a] = ((int)sizes[i], input < 0 ? 1f : (float)sizes[i] / input);
            }
            return plan;
        }
        float[] scales = attributeScales ?? scalesValue!.AsTensor().ToArray();
        if (scales.Length != axes.Length) throw Error($"scales [{string.Join(", ", scales)}] has {scales.Length} entries; expected {axes.Length}.");
        for (int i = 0; i < axes.Length; i++)
        {
            if (!(scales[i] > 0f) || !float.IsFinite(scales[i])) throw Error($"scales [{string.Join(", ", scales)}] has a non-positive or non-finite entry.");
            int a = axes[i], input = dims[a];
            float product = input * scales[i];
            if (product > 1 << 24) throw Error($"scale {scales[i]} makes axis {a} larger than 2^24.");
            plan[a] = (input < 0 ? -1 : (int)product, scales[i]);
        }
        return plan;
    }

    private float Source(int x, float scale, int inSize, int outSize) => coordinateMode switch
    {
        "half_pixel" => ((x + 0.5f) / scale) - 0.5f,
        "pytorch_half_pixel" => outSize > 1 ? ((x + 0.5f) / scale) - 0.5f : 0f,
        "align_corners" => outSize == 1 ? 0f : x * (float)(inSize - 1) / (outSize - 1),
        "tf_half_pixel_for_nn" => (x + 0.5f) / scale,
        _ => x / scale,
    };

    private int Nearest(float v, float scale) => nearestMode switch
    {
        "round_prefer_floor" => v == MathF.Floor(v) + 0.5f ? (int)MathF.Floor(v) : (int)MathF.Round(v, MidpointRounding.AwayFromZero),
        "round_prefer_ceil" => v == MathF.Floor(v) + 0.5f ? (int)MathF.Ceiling(v) : (int)MathF.Round(v, MidpointRounding.AwayFromZero),
        "floor" => (int)MathF.Floor(v),
        "ceil" => (int)MathF.Ceiling(v),
        _ => scale < 1f ? (int)MathF.Ceiling(v) : (int)v,
    };

    private float[] ResizeAxis(float[] src, int[] shape, int axis, int outSize, float scale)
    {
        int inSize = shape[axis];
        int outer = (int)ShapeMath.Product(shape, 0, axis), inner = (int)ShapeMath.Product(shape, axis + 1, shape.Length);
        var i0 = new int[outSize];
        var i1 = new int[outSize];
        var w1 = new float[outSize];
        for (int o = 0; o < outSize; o++)
        {
            float v = Source(o, scale, inSize, outSize);
            if (linear)
            {
                v = Math.Clamp(v, 0f, inSize - 1);
                i0[o] = Math.Min((int)v, inSize - 1);
                i1[o] = Math.Min(i0[o] + 1, inSize - 1);
                w1[o] = i0[o] == i1[o] ? 0f : v - i0[o];
            }
            else
            {
                i0[o] = Math.Clamp(Nearest(v, scale), 0, inSize - 1);
            }
        }
        var dst = new float[outer * outSize * inner];
        for (int b = 0; b < outer; b++)
        {
            for (int o = 0; o < outSize; o++)
            {
                Span<float> d = dst.AsSpan((b * outSize + o) * inner, inner);
                ReadOnlySpan<float> a = src.AsSpan((b * inSize + i0[o]) * inner, inner);
                if (!linear || w1[o] == 0f)
                {
                    a.CopyTo(d);
                    continue;
                }
                ReadOnlySpan<float> c = src.AsSpan((b * inSize + i1[o]) * inner, inner);
                float wb = w1[o], wa = 1f - wb;
                for (int k = 0; k < inner; k++) d[k] = wa * a[k] + wb * c[k];
            }
        }
        return dst;
    }
}
