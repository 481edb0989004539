using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Pad with mode constant, reflect or edge. Pads are [begin of each axis, then end of each axis]
/// (attribute 'pads' before opset 11, int64 input 1 from opset 11, optionally restricted to
/// 'axes' from opset 18); negative pads crop. The constant is attribute 'value' before opset 11
/// and the optional scalar input 2 afterwards.
/// </summary>
internal sealed class PadOperator : OnnxOperator
{
    private readonly string mode;
    private readonly long[]? attributePads;
    private readonly float attributeValue;

    public PadOperator(NodeContext context)
        : base(context)
    {
        context.RequireOutputs(1);
        mode = context.String("mode", "constant");
        if (mode is not ("constant" or "reflect" or "edge"))
            throw context.Error($"attribute 'mode' is '{mode}'; supported: constant, reflect, edge.");
        if (context.Opset < 11)
        {
            context.RequireInputs(1, 1);
            attributePads = context.Ints("pads") ?? throw context.Error("attribute 'pads' is required.");
            attributeValue = context.Float("value", 0f);
        }
        else
        {
            context.RequireInputs(2, context.Opset >= 18 ? 4 : 3);
        }
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        long[]? pads = attributePads;
        if (Optional(inputs, 1) is { } p)
        {
            RequireInt64(p, "input pads");
            RequireRank(p, 1, "input pads", "[2 * number of padded axes]");
            pads = p.Int64Constant;
        }
        if (Optional(inputs, 2) is { } c)
        {
            if (c.Kind != x.Kind) throw Error($"constant_value is {c.Kind} but data is {x.Kind}.");
            if (c.HasRank && ShapeMath.Product(c.Dims) is not (1 or -1)) throw Error($"constant_value must be a scalar; got shape {SymbolicValue.Format(c.Dims)}.");
        }
        if (Optional(inputs, 3) is { } axesInput) RequireInt64(axesInput, "input axes");
        if (!x.HasRank || pads is null) return [new SymbolicValue(x.Kind, x.HasRank ? Enumerable.Repeat(-1, x.Rank).ToArray() : null)];
        long[]? axes = Optional(inputs, 3) is { } a ? a.Int64Constant : null;
        if (Optional(inputs, 3) is not null && axes is null) return [new SymbolicValue(x.Kind, Enumerable.Repeat(-1, x.Rank).ToArray())];
        var (before, after) = Expand(pads, axes, x.Rank);
        var dims = new int[x.Rank];
        for (int d = 0; d < x.Rank; d++)
        {
            int size = x.Dims![d];
            CheckAxis(size, before[d], after[d], d);
            dims[d] = size < 0 ? -1 : size + before[d] + after[d];
        }
        return [new SymbolicValue(x.Kind, dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        OnnxValue x = inputs[0]!;
        long[] pads = Optional(inputs, 1) is { } p ? p.Int64Array : attributePads!;
        long[]? axes = Optional(inputs, 3) is { } a ? a.Int64Array : null;
        var (before, after) = Expand(pads, axes, x.Rank);
        int[] shape = x.ShapeArray;
        if (x.Kind == OnnxValueKind.Float32)
        {
            float value = Optional(inputs, 2) is { } c ? c.AsTensor().ToArray()[0] : attributeValue;
            float[] data = x.AsTensor().ToArray();
            for (int d = 0; d < shape.Length; d++) (data, shape) = PadAxis(data, shape, d, before[d], after[d], value);
            return [OnnxValue.FromTensor(Tensor.Wrap(data, shape))];
        }
        long fill = Optional(inputs, 2) is { } ci ? ci.AsInt64()[0] : (long)attributeValue;
        long[] ints = x.Int64Array;
        for (int d = 0; d < shape.Length; d++) (ints, shape) = PadAxis(ints, shape, d, before[d], after[d], fill);
        return [OnnxValue.WrapInt64(ints, shape)];
    }

    private (int[] Before, int[] After) Expand(long[] pads, long[]? axes, int rank)
    {
        int[] list = axes is null ? Enumerable.Range(0, rank).ToArray() : axes.Select(a => ValueOps.Axis(Context, a, rank, "axis")).ToArray();
        if (pads.Length != 2 * list.Length)
            throw Error($"pads {NodeContext.Join(pads)} has {pads.Length} entries; expected {2 * list.Length} (begins, then ends, for {list.Length} axes).");
        var before = new int[rank];
        var after = new int[rank];
        for (int i = 0; i < list.Length; i++)
        {
            if (Math.Abs(pads[i]) > 1 << 24 || Math.Abs(pads[i + list.Length]) > 1 << 24) throw Error($"pads {NodeContext.Join(pads)} has an entry beyond 2^24.");
            before[list[i]] = (int)pads[i];
            after[list[i]] = (int)pads[i + list.Length];
        }
        return (before, after);
    }

    private void CheckAxis(int size, int before, int after, int axis)
    {
        if (size < 0) return;
        if (size + before + after < 0) throw Error($"pads ({before}, {after}) on axis {axis} of size {size} leave a negative size.");
        if (mode == "constant") return;
        if (size == 0 && (before > 0 || after > 0)) throw Error($"{mode} padding of the empty axis {axis} is not possible.");
        if (mode == "reflect" && (before > size - 1 || after > size - 1))
            throw Error($"reflect pads ({before}, {after}) on axis {axis} of size {size} must be at most {size - 1}.");
    }

    private (T[] Data, int[] Shape) PadAxis<T>(T[] data, int[] shape, int axis, int before, int after, T value)
    {
        if (before == 0 && after == 0) return (data, shape);
        int size = shape[axis];
        CheckAxis(size, before, after, axis);
        int outSize = size + before + after;
        int outer = (int)ShapeMath.Product(shape, 0, axis), inner = (int)ShapeMath.Product(shape, axis + 1, shape.Length);
        var result = new T[outer * outSize * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < outSize; i++)
            {
                int src = i - before;
                Span<T> dst = result.AsSpan((o * outSize + i) * inner, inner);
                if (src < 0 || src >= size)
                {
                    if (mode == "constant")
                    {
                        dst.Fill(value);
                        continue;
                    }
                    src = mode == "edge" ? Math.Clamp(src, 0, size - 1) : src < 0 ? -src : 2 * (size - 1) - src;
                }
                data.AsSpan((o * size + src) * inner, inner).CopyTo(dst);
            }
        }
        int[] newShape = (int[])shape.Clone();
        newShape[axis] = outSize;
        return (result, newShape);
    }
}
