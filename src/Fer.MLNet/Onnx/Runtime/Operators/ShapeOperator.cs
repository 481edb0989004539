namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Shape: the input's dimensions as int64 [rank] (sliced by start/end from opset 15). Known statically when every dimension is.</summary>
internal sealed class ShapeOperator : OnnxOperator
{
    private readonly long start;
    private readonly long? end;

    public ShapeOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, 1);
        context.RequireOutputs(1);
        if (context.Opset >= 15)
        {
            start = context.Int("start", 0);
            end = context.IntOrNull("end");
        }
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        if (!x.HasRank) return [SymbolicValue.Int64([-1])];
        var (s, e) = Range(x.Rank);
        int[] dims = x.Dims![s..e];
        if (dims.All(d => d >= 0))
        {
            long[] values = dims.Select(d => (long)d).ToArray();
            return [new SymbolicValue(OnnxValueKind.Int64, [values.Length], OnnxValue.WrapInt64(values, [values.Length]))];
        }
        return [SymbolicValue.Int64([dims.Length])];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        OnnxValue x = inputs[0]!;
        var (s, e) = Range(x.Rank);
        long[] values = x.ShapeArray[s..e].Select(d => (long)d).ToArray();
        return [OnnxValue.WrapInt64(values, [values.Length])];
    }

    private (int Start, int End) Range(int rank)
    {
        int s = (int)Math.Clamp(start < 0 ? start + rank : start, 0, rank);
        long endValue = end ?? rank;
        int e = (int)Math.Clamp(endValue < 0 ? endValue + rank : endValue, 0, rank);
        return (s, Math.Max(s, e));
    }
}
