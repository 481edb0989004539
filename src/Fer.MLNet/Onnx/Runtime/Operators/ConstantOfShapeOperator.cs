using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>ConstantOfShape: a tensor of the int64 shape in input 0 filled with the one-element 'value' (default float 0).</summary>
internal sealed class ConstantOfShapeOperator : OnnxOperator
{
    private readonly OnnxValue fill;

    public ConstantOfShapeOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, 1);
        context.RequireOutputs(1);
        fill = context.TensorAttribute("value") is { } t ? context.DecodeTensor(t, "attribute 'value'") : OnnxValue.FromTensor(Tensor.Scalar(0f));
        if (fill.ElementCount != 1) throw context.Error($"attribute 'value' must hold one element; it has shape {SymbolicValue.Format(fill.ShapeArray)}.");
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue shape = Required(inputs, 0);
        RequireInt64(shape, "input shape");
        RequireRank(shape, 1, "input shape", "[rank of the result]");
        if (shape.Int64Constant is { } dims) return [new SymbolicValue(fill.Kind, Dims(dims))];
        return [new SymbolicValue(fill.Kind, shape.HasRank && shape.Dim(0) >= 0 ? Enumerable.Repeat(-1, shape.Dim(0)).ToArray() : null)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        int[] dims = Dims(inputs[0]!.Int64Array);
        if (fill.Kind == OnnxValueKind.Float32) return [OnnxValue.FromTensor(Tensor.Full(fill.AsTensor().ToArray()[0], dims))];
        var data = new long[ShapeMath.Product(dims)];
        Array.Fill(data, fill.AsInt64()[0]);
        return [OnnxValue.WrapInt64(data, dims)];
    }

    private int[] Dims(long[] shape)
    {
        foreach (long d in shape)
            if (d < 0 || d > int.MaxValue) throw Error($"shape {NodeContext.Join(shape)} has invalid dimension {d}.");
        return shape.Select(d => (int)d).ToArray();
    }
}
