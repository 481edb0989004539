namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Transpose: output dimension i is input dimension perm[i]; perm defaults to the reversed order.</summary>
internal sealed class TransposeOperator : OnnxOperator
{
    private readonly long[]? perm;

    public TransposeOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(1, 1);
        context.RequireOutputs(1);
        perm = context.Ints("perm");
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue x = Required(inputs, 0);
        if (!x.HasRank) return [new SymbolicValue(x.Kind, perm is null ? null : Enumerable.Repeat(-1, perm.Length).ToArray())];
        int[] p = Permutation(x.Rank);
        return [new SymbolicValue(x.Kind, p.Select(i => x.Dims![i]).ToArray())];
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        OnnxValue x = inputs[0]!;
        int[] p = Permutation(x.Rank);
        if (x.Kind == OnnxValueKind.Float32) return [OnnxValue.FromTensor(x.AsTensor().Permute(p).Contiguous())];
        return [OnnxValue.WrapInt64(Int64Kernels.Permute(x.Int64Array, x.ShapeArray, p), p.Select(i => x.ShapeArray[i]).ToArray())];
    }

    private int[] Permutation(int rank)
    {
        if (perm is null) return Enumerable.Range(0, rank).Reverse().ToArray();
        if (perm.Length != rank) throw Error($"attribute 'perm' {NodeContext.Join(perm)} has {perm.Length} entries, but the input has rank {rank}.");
        var seen = new bool[rank];
        var p = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            long v = perm[i];
            if (v < 0 || v >= rank || seen[v]) throw Error($"attribute 'perm' {NodeContext.Join(perm)} is not a permutation of 0..{rank - 1}.");
            seen[v] = true;
            p[i] = (int)v;
        }
        return p;
    }
}
