using Fer.Tensors;
using Fer.Tensors.Kernels;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// Gemm: Y = alpha * op(A) * op(B) + beta * C with A [M, K] (or [K, M] when transA), B [K, N]
/// (or [N, K] when transB) and C broadcast to [M, N]. A constant B is packed once at preparation.
/// </summary>
internal sealed class GemmOperator : OnnxOperator
{
    private readonly float alpha;
    private readonly float beta;
    private readonly bool transA;
    private readonly bool transB;
    private PackedMatrix? packedB;

    public GemmOperator(NodeContext context)
        : base(context)
    {
        context.RequireInputs(context.Opset >= 11 ? 2 : 3, 3);
        context.RequireOutputs(1);
        alpha = context.Float("alpha", 1f);
        beta = context.Float("beta", 1f);
        transA = context.IntInRange("transA", 0, 0, 1) == 1;
        transB = context.IntInRange("transB", 0, 0, 1) == 1;
    }

    public override SymbolicValue[] Infer(SymbolicValue?[] inputs)
    {
        SymbolicValue a = Required(inputs, 0), b = Required(inputs, 1);
        RequireFloat(a, "input A");
        RequireFloat(b, "input B");
        RequireRank(a, 2, "input A", transA ? "[K, M] (transA = 1)" : "[M, K]");
        RequireRank(b, 2, "input B", transB ? "[N, K] (transB = 1)" : "[K, N]");
        int m = transA ? a.Dim(1) : a.Dim(0), ka = transA ? a.Dim(0) : a.Dim(1);
        int kb = transB ? b.Dim(1) : b.Dim(0), n = transB ? b.Dim(0) : b.Dim(1);
        if (ka >= 0 && kb >= 0 && ka != kb)
            throw Error($"inner dimensions differ: A {SymbolicValue.Format(a.Dims)} (transA = {(transA ? 1 : 0)}) gives K = {ka}, B {SymbolicValue.Format(b.Dims)} (transB = {(transB ? 1 : 0)}) gives K = {kb}.");
        if (Optional(inputs, 2) is { } c)
        {
            RequireFloat(c, "input C");
            if (c.HasRank)
            {
                if (c.Rank > 2) throw Error($"input C has shape {SymbolicValue.Format(c.Dims)}; expected a shape broadcastable to [M, N] = {SymbolicValue.Format([m, n])}.");
                int cm = c.Rank == 2 ? c.Dim(0) : 1, cn = c.Rank >= 1 ? c.Dim(c.Rank - 1) : 1;
                if ((cm > 1 && m >= 0 && cm != m) || (cn > 1 && n >= 0 && cn != n))
                    throw Error($"input C has shape {SymbolicValue.Format(c.Dims)}, which does not broadcast to [M, N] = {SymbolicValue.Format([m, n])}.");
            }
        }
        return [SymbolicValue.Float([m, n])];
    }

    public override void Prepare(SymbolicValue?[] inputs)
    {
        if (inputs[1]?.Constant is { } b)
        {
            int[] s = b.ShapeArray;
            int k = transB ? s[1] : s[0], n = transB ? s[0] : s[1];
            packedB = PackedMatrix.Pack(transB, k, n, Spans.Dense(b.AsTensor()), s[1]);
        }
    }

    public override OnnxValue[] Run(OnnxValue?[] inputs)
    {
        Tensor a = inputs[0]!.AsTensor(), b = inputs[1]!.AsTensor();
        int m = transA ? a.Size(1) : a.Size(0), k = transA ? a.Size(0) : a.Size(1);
        int n = transB ? b.Size(0) : b.Size(1);
        var y = new float[m * n];
        float cScale = 0f;
        if (Optional(inputs, 2) is { } cValue && beta != 0f)
        {
            FillBroadcast(cValue.AsTensor(), y, m, n);
            cScale = beta;
        }
        ReadOnlySpan<float> ad = Spans.Dense(a);
        if (packedB is not null)
            Gemm.Multiply(transA, m, alpha, ad, a.Size(1), packedB, cScale, y, n);
        else
            Gemm.Multiply(transA, transB, m, n, k, alpha, ad, a.Size(1), Spans.Dense(b), b.Size(1), cScale, y, n);
        return [OnnxValue.FromTensor(Tensor.Wrap(y, m, n))];
    }

    private static void FillBroadcast(Tensor c, float[] y, int m, int n)
    {
        float[] cd = c.ToArray();
        int cm = c.Rank == 2 ? c.Size(0) : 1, cn = c.Rank >= 1 ? c.Size(c.Rank - 1) : 1;
        for (int i = 0; i < m; i++)
        {
            int row = cm == 1 ? 0 : i;
            for (int j = 0; j < n; j++) y[i * n + j] = cd[row * cn + (cn == 1 ? 0 : j)];
        }
    }
}
