using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Add, Sub, Mul, Div with numpy broadcasting, on float tensors or on int64 values (integer division truncates).</summary>
internal sealed class BinaryOperator : OnnxOperator
{
    public BinaryOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(2, 2);
        context.RequireOutputs(1);
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue a = Required(inputs, 0), b = Required(inputs, 1);
        if (a.Kind != b.Kind) throw Error($"inputs have different element types ({a.Kind} and {b.Kind}).");
        int[]? dims;
        try
        {
            dims = ShapeMath.Broadcast(a.Dims, b.Dims);
        }
        catch (InvalidOperationException e)
        {
            throw Error(e.Message);
        }
        return [new SymbolicValue(a.Kind, dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        OnnxValue a = inputs[0]!, b = inputs[1]!;
        if (a.Kind == OnnxValueKind.Float32)
        {
            Tensor x = a.AsTensor(), y = b.AsTensor();
            Tensor r = Context.OpType switch
            {
                "Add" => x.Add(y),
                "Sub" => x.Sub(y),
                "Mul" => x.Mul(y),
                _ => x.Div(y),
            };
            return [OnnxValue.FromTensor(r)];
        }
        int[] target = ShapeMath.Broadcast(a.ShapeArray, b.ShapeArray)!;
        Func<long, long, long> op = Context.OpType switch
        {
            "Add" => (p, q) => p + q,
            "Sub" => (p, q) => p - q,
            "Mul" => (p, q) => p * q,
            _ => (p, q) => q == 0 ? throw Error("integer division by zero.") : p / q,
        };
        return [OnnxValue.WrapInt64(Int64Kernels.Broadcast(a.Int64Array, a.ShapeArray, b.Int64Array, b.ShapeArray, target, op), target)];
    }
}
