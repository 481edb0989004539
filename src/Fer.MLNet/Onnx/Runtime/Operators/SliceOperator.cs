using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Slice with starts, ends, optional axes and steps (attributes before opset 10, int64 inputs from
/// opset 10). Negative starts/ends count from the end; they are clamped to the dimension as ONNX
/// specifies (to [0, d] for positive steps, [-1, d-1] for negative ones); steps may be negative.
/// </summary>
internal sealed class SliceOperator : OnnxOperator
{
    private readonly long[]? attrStarts;
    private readonly long[]? attrEnds;
    private readonly long[]? attrAxes;

    public SliceOperator(NodeContext context)
        : base(context)
    {
        context.RequireOutputs(1);
        if (context.Opset < 10)
        {
            context.RequireInputs(1, 1);
            attrStarts = context.Ints("starts") ?? throw context.Error("attribute 'starts' is required.");
            attrEnds = context.Ints("ends") ?? throw context.Error("attribute 'ends' is required.");
            attrAxes = context.Ints("axes");
        }
        else
        {
            context.RequireInputs(3, 5);
        }
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue data = Required(inputs, 0);
        for (int i = 1; i < inputs.Length; i++)
        {
            if (inputs[i] is not { } v) continue;
            RequireInt64(v, $"input {i}");
            RequireRank(v, 1, $"input {i}", "[number of sliced axes]");
        }
        if (!data.HasRank) return [new SymbolicValue(data.Kind, null)];
        long[]? starts = attrStarts ?? Optional(inputs, 1)?.Int64Constant;
        long[]? ends = attrEnds ?? Optional(inputs, 2)?.Int64Constant;
        long[]? axes = attrAxes ?? Optional(inputs, 3)?.Int64Constant;
        long[]? steps = Optional(inputs, 4)?.Int64Constant;
        bool unknown = starts is null || ends is null || (Optional(inputs, 3) is not null && axes is null) || (Optional(inputs, 4) is not null && steps is null);
        if (unknown) return [new SymbolicValue(data.Kind, Enumerable.Repeat(-1, data.Rank).ToArray())];
        var plan = Plan(data.Dims!, starts!, ends!, axes, steps);
        int[] dims = (int[])data.Dims!.Clone();
        foreach (var (axis, idx) in plan) dims[axis] = idx?.Length ?? -1;
        return [new SymbolicValue(data.Kind, dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        OnnxValue data = inputs[0]!;
        var plan = Plan(data.ShapeArray, attrStarts ?? inputs[1]!.Int64Array, attrEnds ?? inputs[2]!.Int64Array,
            attrAxes ?? Optional(inputs, 3)?.Int64Array, Optional(inputs, 4)?.Int64Array);
        int[] shape = (int[])data.ShapeArray.Clone();
        if (data.Kind == OnnxValueKind.Float32)
        {
            float[] f = data.AsTensor().ToArray();
            foreach (var (axis, idx) in plan) f = Take(f, shape, axis, idx!);
            return [OnnxValue.FromTensor(Tensor.Wrap(f, shape))];
        }
        long[] l = data.Int64Array;
        foreach (var (axis, idx) in plan) l = Take(l, shape, axis, idx!);
        return [OnnxValue.WrapInt64(l, shape)];
    }

    /// <summary>Per sliced axis, the source indices (null when the dimension is unknown).</summary>
    private List<(int Axis, int[]? Indices)> Plan(int[] dims, long[] starts, long[] ends, long[]? axes, long[]? steps)
    {
        int n = starts.Length;
        if (ends.Length != n || (axes is not null && axes.Length != n) || (steps is not null && steps.Length != n))
            throw Error($"starts {NodeContext.Join(starts)}, ends {NodeContext.Join(ends)}, axes and steps must have the same length.");
        var plan = new List<(int, int[]?)>();
        var seen = new HashSet<int>();
        for (int i = 0; i < n; i++)
        {
            int axis = ValueOps.Axis(Context, axes?[i] ?? i, dims.Length, "axis");
            if (!seen.Add(axis)) throw Error($"axis {axis} is sliced twice.");
            long step = steps?[i] ?? 1;
            if (step == 0) throw Error("a step is 0.");
            long d = dims[axis];
            if (d < 0)
            {
                plan.Add((axis, null));
                continue;
            }
            long s = starts[i], e = ends[i];
            if (s < 0) s += d;
            if (e < 0) e += d;
            if (step > 0)
            {
                s = Math.Clamp(s, 0, d);
                e = Math.Clamp(e, 0, d);
            }
            else
            {
                s = Math.Clamp(s, 0, d - 1);
                e = Math.Clamp(e, -1, d - 1);
            }
            var idx = new List<int>();
            for (long p = s; step > 0 ? p < e : p > e; p += step) idx.Add((int)p);
            plan.Add((axis, [.. idx]));
        }
        return plan;
    }

    private static T[] Take<T>(T[] src, int[] shape, int axis, int[] indices)
    {
        int size = shape[axis];
        int outer = (int)ShapeMath.Product(shape, 0, axis), inner = (int)ShapeMath.Product(shape, axis + 1, shape.Length);
        var dst = new T[outer * indices.Length * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < indices.Length; i++)
                src.AsSpan((o * size + indices[i]) * inner, inner).CopyTo(dst.AsSpan((o * indices.Length + i) * inner));
        shape[axis] = indices.Length;
        return dst;
    }
}
