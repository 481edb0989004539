namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Gather along 'axis' (default 0): output = data[:axis] + indices.shape + data[axis+1:], with
/// int64 indices that may be negative (counted from the end) and must lie in [-size, size).
/// </summary>
internal sealed class GatherOperator : OnnxOperator
{
    private readonly long axis;

    public GatherOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(2, 2);
        context.RequireOutputs(1);
        axis = context.Int("axis", 0);
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue data = Required(inputs, 0), indices = Required(inputs, 1);
        RequireInt64(indices, "input indices");
        if (!data.HasRank || !indices.HasRank) return [new SymbolicValue(data.Kind, null)];
        if (data.Rank == 0) throw Error("input data is a scalar; Gather needs rank 1 or more.");
        int a = ValueOps.Axis(Context, axis, data.Rank, "attribute 'axis'");
        if (indices.Int64Constant is { } idx && data.Dim(a) >= 0) CheckIndices(idx, data.Dim(a), a);
        int[] dims = [.. data.Dims![..a], .. indices.Dims!, .. data.Dims![(a + 1)..]];
        return [new SymbolicValue(data.Kind, dims)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        OnnxValue data = inputs[0]!, indices = inputs[1]!;
        int a = ValueOps.Axis(Context, axis, data.Rank, "attribute 'axis'");
        int size = data.ShapeArray[a];
        long[] idx = indices.Int64Array;
        CheckIndices(idx, size, a);
        int[] picked = idx.Select(i => (int)(i < 0 ? i + size : i)).ToArray();
        int[] shape = [.. data.ShapeArray[..a], .. indices.ShapeArray, .. data.ShapeArray[(a + 1)..]];
        if (data.Kind == OnnxValueKind.Float32)
            return [OnnxValue.FromTensor(data.AsTensor().IndexSelect(a, picked).Reshape(shape))];
        int outer = (int)ShapeMath.Product(data.ShapeArray, 0, a);
        int inner = (int)ShapeMath.Product(data.ShapeArray, a + 1, data.Rank);
        long[] src = data.Int64Array;
        var result = new long[outer * picked.Length * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < picked.Length; i++)
                src.AsSpan((o * size + picked[i]) * inner, inner).CopyTo(result.AsSpan((o * picked.Length + i) * inner));
        return [OnnxValue.WrapInt64(result, shape)];
    }

    private void CheckIndices(long[] idx, int size, int a)
    {
        foreach (long i in idx)
        {
            if (i < -size || i >= size)
                throw Error($"index {i} is out of range for axis {a} of size {size} (expected {-size}..{size - 1}).");
        }
    }
}
