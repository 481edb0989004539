namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>
/// One prepared node. The constructor reads and checks the attributes; <see cref="Infer"/> checks
/// input kinds and shapes and computes output kinds and shapes (with unknown dimensions as -1);
/// <see cref="Run"/> computes the outputs. The runner calls <see cref="Infer"/> with concrete
/// shapes before every <see cref="Run"/>, so Run may rely on shapes Infer accepted.
/// Operators hold no mutable state: one instance serves concurrent runs.
/// </summary>
internal abstract class OnnxOperator
{
    protected OnnxOperator(NodeContext context) => Context = context;

    public NodeContext Context { get; }

    /// <summary>Whether a node whose inputs are all constant may be computed once at preparation.</summary>
    public virtual bool CanFold => true;

    /// <summary>
    /// Called once after inference at preparation, with what is known about the inputs (constants
    /// included), so an operator can precompute from constant weights (packed matrices, folded
    /// scales). Runs before any <see cref="Run"/>; fields it sets are read-only afterwards.
    /// </summary>
    public virtual void Prepare(SymbolicValue?[] inputs)
    {
    }

    /// <param name="inputs">One entry per node input; null for an omitted optional input.</param>
    public abstract SymbolicValue[] Infer(SymbolicValue?[] inputs);

    /// <param name="inputs">One entry per node input; null for an omitted optional input.</param>
    public abstract OnnxValue[] Run(OnnxValue?[] inputs);

    protected OnnxFormatException Error(string detail) => Context.Error(detail);

    protected static SymbolicValue Required(SymbolicValue?[] inputs, int index) => inputs[index]!;

    protected static SymbolicValue? Optional(SymbolicValue?[] inputs, int index) => index < inputs.Length ? inputs[index] : null;

    protected static OnnxValue? Optional(OnnxValue?[] inputs, int index) => index < inputs.Length ? inputs[index] : null;

    protected void RequireFloat(SymbolicValue v, string what)
    {
        if (v.Kind != OnnxValueKind.Float32) throw Error($"{what} must be float; got int64.");
    }

    protected void RequireInt64(SymbolicValue v, string what)
    {
        if (v.Kind != OnnxValueKind.Int64) throw Error($"{what} must be int64; got float.");
    }

    protected void RequireRank(SymbolicValue v, int rank, string what, string layout)
    {
        if (v.HasRank && v.Rank != rank)
            throw Error($"{what} has shape {SymbolicValue.Format(v.Dims)}; expected rank {rank} {layout}.");
    }
}
