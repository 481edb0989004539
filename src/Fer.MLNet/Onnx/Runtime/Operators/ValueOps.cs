using Fer.Tensors;

namespace Fer.MLNet.Onnx.Runtime.Operators;

/// <summary>Kind-independent helpers: reshape and element copies for float and int64 values alike.</summary>
internal static class ValueOps
{
    public static OnnxValue Reshape(OnnxValue v, int[] shape) => v.Kind == OnnxValueKind.Float32
        ? OnnxValue.FromTensor(v.AsTensor().Reshape(shape))
        : OnnxValue.WrapInt64(v.Int64Array, shape);

    /// <summary>Normalises an axis in [-rank, rank) (or [-rank, rank] when <paramref name="inclusive"/>), or fails naming the attribute.</summary>
    public static int Axis(NodeContext ctx, long axis, int rank, string name, bool inclusive = false)
    {
        int hi = inclusive ? rank : rank - 1;
        if (axis < -rank || axis > hi)
            throw ctx.Error($"{name} {axis} is out of range for rank {rank} (expected {-rank}..{hi}).");
        return (int)(axis < 0 ? axis + rank : axis);
    }
}
