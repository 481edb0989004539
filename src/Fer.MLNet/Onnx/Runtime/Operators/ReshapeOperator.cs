namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Reshape to the int64 shape given as input 1: 0 copies the input's dimension (unless allowzero = 1,
/// opset 14+, where 0 means an empty dimension), -1 is inferred from the element count.
/// </summary>
internal sealed class ReshapeOperator : OnnxOperator
{
    private readonly bool allowZero;

    public ReshapeOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(2, 2);
        context.RequireOutputs(1);
        if (context.Opset >= 14) allowZero = context.IntInRange("allowzero", 0, 0, 1) == 1;
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue data = Required(inputs, 0), shape = Required(inputs, 1);
        RequireInt64(shape, "input shape");
        RequireRank(shape, 1, "input shape", "[rank of the result]");
        if (shape.Int64Constant is not { } target)
            return [new SymbolicValue(data.Kind, shape.HasRank && shape.Dim(0) >= 0 ? Enumerable.Repeat(-1, shape.Dim(0)).ToArray() : null)];
        return [new SymbolicValue(data.Kind, Resolve(data.Dims, target))];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs) =>
        [ValueOps.Reshape(inputs[0]!, Resolve(inputs[0]!.ShapeArray, inputs[1]!.Int64Array))];

    private int[] Resolve(int[]? input, long[] target)
    {
        var dims = new int[target.Length];
        int infer = -1;
        long known = 1;
        bool unknown = false;
        for (int i = 0; i < target.Length; i++)
        {
            long t = target[i];
            if (t == -1)
            {
                if (infer >= 0) throw Error($"shape {NodeContext.Join(target)} has more than one -1.");
                infer = i;
                continue;
            }
            if (t < -1 || t > int.MaxValue) throw Error($"shape {NodeContext.Join(target)} has invalid entry {t}.");
            if (t == 0 && !allowZero)
            {
                if (input is null) { dims[i] = -1; unknown = true; continue; }
                if (i >= input.Length) throw Error($"shape {NodeContext.Join(target)} copies dimension {i} (entry 0), but the input {SymbolicValue.Format(input)} has only {input.Length} dimensions.");
                dims[i] = input[i];
            }
            else
            {
                dims[i] = (int)t;
            }
            if (dims[i] < 0) unknown = true;
            else known *= dims[i];
        }
        if (allowZero && infer >= 0 && target.Contains(0))
            throw Error($"shape {NodeContext.Join(target)} has both 0 and -1 with allowzero = 1.");
        long total = ShapeMath.Product(input);
        if (infer >= 0)
        {
            if (unknown || total < 0) dims[infer] = -1;
            else if (known == 0 || total % known != 0)
                throw Error($"cannot reshape input {SymbolicValue.Format(input)} ({total} elements) to {NodeContext.Join(target)}: the -1 cannot be inferred.");
            else dims[infer] = (int)(total / known);
        }
        else if (!unknown && total >= 0 && total != known)
        {
            throw Error($"cannot reshape input {SymbolicValue.Format(input)} ({total} elements) to {NodeContext.Join(target)} ({known} elements).");
        }
        return dims;
    }
}
