using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Softmax and LogSoftmax. From opset 13 along 'axis' (default -1). Before opset 13 the input is
/// read as a matrix [d0*...*d(axis-1), d(axis)*...*d(n-1)] (axis default 1) and each row is
/// normalised over all its entries.
/// </summary>
internal sealed class SoftmaxOperator : OnnxOperator
{
    private readonly long axis;
    private readonly bool log;

    public SoftmaxOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, 1);
        context.RequireOutputs(1);
        axis = context.Int("axis", context.Opset >= 13 ? -1 : 1);
        log = context.OpType == "LogSoftmax";
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        RequireFloat(x, "input");
        if (x.HasRank)
        {
            if (Context.Opset >= 13) ValueOps.Axis(Context, axis, x.Rank, "attribute 'axis'");
            else ValueOps.Axis(Context, axis, x.Rank, "attribute 'axis'", inclusive: true);
        }
        return [SymbolicValue.Float(x.Dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor x = inputs[0]!.AsTensor();
        if (x.Rank == 0) x = x.Reshape(1);
        Tensor y;
        if (Context.Opset >= 13)
        {
            int a = ValueOps.Axis(Context, axis, x.Rank, "attribute 'axis'");
            y = log ? Functional.LogSoftmax(x, a) : Functional.Softmax(x, a);
        }
        else
        {
            int a = ValueOps.Axis(Context, axis, x.Rank, "attribute 'axis'", inclusive: true);
            int rows = (int)ShapeMath.Product(x.Shape, 0, a), cols = (int)ShapeMath.Product(x.Shape, a, x.Rank);
            Tensor m = x.Reshape(rows, cols);
            y = (log ? Functional.LogSoftmax(m, 1) : Functional.Softmax(m, 1)).Reshape(x.Shape.ToArray());
        }
        return [OnnxValue.FromTensor(y.Reshape(inputs[0]!.ShapeArray))];
    }
}
