using System.Globalization;

namespace Fer.MLNet.Onnx.Runtime;

/// <summary>
/// What is known about a value before running: its element kind, its dimensions (-1 where
/// unknown; null when even the rank is unknown) and, for constants, the value itself. At run time
/// the same type describes a concrete value (all dimensions known, <see cref="Constant"/> set).
/// </summary>
internal sealed class SymbolicValue
{
    public SymbolicValue(OnnxValueKind kind, int[]? dims, OnnxValue? constant = null)
    {
        Kind = kind;
        Dims = dims;
        Constant = constant;
    }

    public OnnxValueKind Kind { get; }

    public int[]? Dims { get; }

    public OnnxValue? Constant { get; }

    public int Rank => Dims?.Length ?? -1;

    public bool HasRank => Dims is not null;

    public static SymbolicValue Of(OnnxValue value) => new(value.Kind, value.ShapeArray, value);

    public static SymbolicValue Float(int[]? dims) => new(OnnxValueKind.Float32, dims);

    public static SymbolicValue Int64(int[]? dims) => new(OnnxValueKind.Int64, dims);

    /// <summary>The dimension, or -1 when unknown.</summary>
    public int Dim(int axis) => Dims is null ? -1 : Dims[axis];

    /// <summary>Integer constant data (int64 values) or null when not a known int64 value.</summary>
    public long[]? Int64Constant => Constant is { Kind: OnnxValueKind.Int64 } c ? c.Int64Array : null;

    public static string Format(int[]? dims)
    {
        if (dims is null) return "[unknown rank]";
        return "[" + string.Join(", ", dims.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";
    }

    public override string ToString() => $"{Kind}{Format(Dims)}";
}
