namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Flatten: input [d0, ..., dn-1] to [d0*...*d(axis-1), d(axis)*...*d(n-1)]; axis in [-r, r], default 1.</summary>
internal sealed class FlattenOperator : OnnxOperator
{
    private readonly long axis;

    public FlattenOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, 1);
        context.RequireOutputs(1);
        axis = context.Int("axis", 1);
        if (context.Opset < 11 && axis < 0) throw context.Error($"attribute 'axis' is {axis}; negative axes need opset 11 or later.");
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        if (!x.HasRank) return [new SymbolicValue(x.Kind, [-1, -1])];
        int a = ValueOps.Axis(Context, axis, x.Rank, "attribute 'axis'", inclusive: true);
        return [new SymbolicValue(x.Kind, [Merge(x.Dims!, 0, a), Merge(x.Dims!, a, x.Rank)])];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        OnnxValue x = inputs[0]!;
        int a = ValueOps.Axis(Context, axis, x.Rank, "attribute 'axis'", inclusive: true);
        return [ValueOps.Reshape(x, [Merge(x.ShapeArray, 0, a), Merge(x.ShapeArray, a, x.Rank)])];
    }

    private static int Merge(int[] dims, int start, int end)
    {
        long p = 1;
        for (int i = start; i < end; i++)
        {
            if (dims[i] < 0) return -1;
            p *= dims[i];
        }
        return (int)p;
    }
}
