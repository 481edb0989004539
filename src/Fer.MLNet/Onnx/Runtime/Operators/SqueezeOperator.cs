namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Squeeze and Unsqueeze; the axes come from the 'axes' attribute before opset 13 and from the
/// optional int64 input 1 from opset 13. Squeeze without axes removes every dimension of size 1.
/// </summary>
internal sealed class SqueezeOperator : OnnxOperator
{
    private readonly bool unsqueeze;
    private readonly long[]? attributeAxes;

    public SqueezeOperator(NodeContext context)
        : base(context)
    {
        unsqueeze = context.OpType == "Unsqueeze";
        context.RequireOutputs(1);
        if (context.Opset >= 13)
        {
            context.RequireInputs(unsqueeze ? 2 : 1, 2);
        }
        else
        {
            context.RequireInputs(1, 1);
            attributeAxes = context.Ints("axes");
            if (unsqueeze && attributeAxes is null) throw context.Error("attribute 'axes' is required.");
        }
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        long[]? axes = attributeAxes;
        if (Optional(inputs, 1) is { } axesInput)
        {
            RequireInt64(axesInput, "input axes");
            RequireRank(axesInput, 1, "input axes", "[number of axes]");
            axes = axesInput.Int64Constant;
            if (axes is null)
            {
                int rank = !x.HasRank || !axesInput.HasRank || axesInput.Dim(0) < 0 ? -1 : x.Rank + (unsqueeze ? 1 : -1) * axesInput.Dim(0);
                return [new SymbolicValue(x.Kind, rank < 0 ? null : Enumerable.Repeat(-1, rank).ToArray())];
            }
        }
        if (!x.HasRank) return [new SymbolicValue(x.Kind, null)];
        return [new SymbolicValue(x.Kind, Apply(x.Dims!, axes))];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        long[]? axes = Optional(inputs, 1) is { } a ? a.Int64Array : attributeAxes;
        return [ValueOps.Reshape(inputs[0]!, Apply(inputs[0]!.ShapeArray, axes)!)];
    }

    private int[]? Apply(int[] dims, long[]? axes)
    {
        if (unsqueeze)
        {
            int rank = dims.Length + axes!.Length;
            var mark = new bool[rank];
            foreach (long axis in axes)
            {
                int n = ValueOps.Axis(Context, axis, rank, "axis");
                if (mark[n]) throw Error($"axes {NodeContext.Join(axes)} repeat axis {n}.");
                mark[n] = true;
            }
            var result = new int[rank];
            for (int i = 0, src = 0; i < rank; i++) result[i] = mark[i] ? 1 : dims[src++];
            return result;
        }
        if (axes is null)
        {
            if (dims.Any(d => d < 0)) return null; // which dimensions are 1 is not known yet
            return dims.Where(d => d != 1).ToArray();
        }
        var drop = new bool[dims.Length];
        foreach (long axis in axes)
        {
            int n = ValueOps.Axis(Context, axis, dims.Length, "axis");
            if (drop[n]) throw Error($"axes {NodeContext.Join(axes)} repeat axis {n}.");
            if (dims[n] > 1 || dims[n] == 0) throw Error($"cannot squeeze axis {n} of shape {SymbolicValue.Format(dims)}: its size is {dims[n]}, not 1.");
            drop[n] = true;
        }
        return dims.Where((_, i) => !drop[i]).ToArray();
    }
}
