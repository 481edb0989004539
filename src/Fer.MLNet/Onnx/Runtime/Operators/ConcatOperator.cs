using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Concat along attribute 'axis' (negative from opset 11); all inputs share kind, rank and the other dimensions.</summary>
internal sealed class ConcatOperator : OnnxOperator
{
    private readonly long axis;

    public ConcatOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, int.MaxValue);
        context.RequireOutputs(1);
        axis = context.IntOrNull("axis") ?? throw context.Error("attribute 'axis' is required.");
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue first = Required(inputs, 0);
        int[]? result = null;
        int a = -1;
        for (int i = 0; i < inputs.Length; i++)
        {
            SymbolicValue v = inputs[i] ?? throw Error($"input {i} is empty; Concat inputs cannot be omitted.");
            if (v.Kind != first.Kind) throw Error($"input {i} is {v.Kind} but input 0 is {first.Kind}.");
            if (!v.HasRank) continue;
            if (result is null)
            {
                a = ValueOps.Axis(Context, axis, v.Rank, "attribute 'axis'");
                result = (int[])v.Dims!.Clone();
                continue;
            }
            if (v.Rank != result.Length)
                throw Error($"input {i} has shape {SymbolicValue.Format(v.Dims)} of rank {v.Rank}, but an earlier input has rank {result.Length}.");
            for (int d = 0; d < result.Length; d++)
            {
                int x = v.Dims![d];
                if (d == a) result[d] = result[d] < 0 || x < 0 ? -1 : result[d] + x;
                else if (result[d] >= 0 && x >= 0 && result[d] != x)
                    throw Error($"input {i} has shape {SymbolicValue.Format(v.Dims)}; dimension {d} must be {result[d]} like the inputs before it (only axis {a} may differ).");
                else if (result[d] < 0) result[d] = x;
            }
        }
        if (result is not null && inputs.Any(v => !v!.HasRank)) result[a] = -1;
        return [new SymbolicValue(first.Kind, result)];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        int a = ValueOps.Axis(Context, axis, inputs[0]!.Rank, "attribute 'axis'");
        if (inputs[0]!.Kind == OnnxValueKind.Float32)
            return [OnnxValue.FromTensor(Tensor.Concat(inputs.Select(v => v!.AsTensor()).ToList(), a))];
        int[] shape = (int[])inputs[0]!.ShapeArray.Clone();
        shape[a] = inputs.Sum(v => v!.ShapeArray[a]);
        int outer = (int)ShapeMath.Product(shape, 0, a);
        var result = new long[ShapeMath.Product(shape)];
        int pos = 0;
        for (int o = 0; o < outer; o++)
        {
            foreach (OnnxValue? v in inputs)
            {
                int block = (int)ShapeMath.Product(v!.ShapeArray, a, v.Rank);
                v.Int64Array.AsSpan(o * block, block).CopyTo(result.AsSpan(pos));
                pos += block;
            }
        }
        return [OnnxValue.WrapInt64(result, shape)];
    }
}
