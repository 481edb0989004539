namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>MatMul with numpy semantics: rank-1 operands are promoted and the added dimension removed; batch dimensions broadcast.</summary>
internal sealed class MatMulOperator : OnnxOperator
{
    public MatMulOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(2, 2);
        context.RequireOutputs(1);
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue a = Required(inputs, 0), b = Required(inputs, 1);
        RequireFloat(a, "input A");
        RequireFloat(b, "input B");
        if (!a.HasRank || !b.HasRank) return [SymbolicValue.Float(null)];
        if (a.Rank == 0 || b.Rank == 0) throw Error($"inputs must have rank 1 or more; got {SymbolicValue.Format(a.Dims)} and {SymbolicValue.Format(b.Dims)}.");
        int[] da = a.Rank == 1 ? [1, a.Dims![0]] : a.Dims!;
        int[] db = b.Rank == 1 ? [b.Dims![0], 1] : b.Dims!;
        int k1 = da[^1], k2 = db[^2];
        if (k1 >= 0 && k2 >= 0 && k1 != k2)
            throw Error($"inner dimensions differ: A {SymbolicValue.Format(a.Dims)} has K = {k1}, B {SymbolicValue.Format(b.Dims)} has K = {k2}.");
        int[]? batch;
        try
        {
            batch = ShapeMath.Broadcast(da[..^2], db[..^2]);
        }
        catch (InvalidOperationException e)
        {
            throw Error("batch dimensions: " + e.Message);
        }
        var dims = new List<int>(batch!);
        if (a.Rank > 1) dims.Add(da[^2]);
        if (b.Rank > 1) dims.Add(db[^1]);
        return [SymbolicValue.Float([.. dims])];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs) =>
        [OnnxValue.FromTensor(inputs[0]!.AsTensor().MatMul(inputs[1]!.AsTensor()))];
}
