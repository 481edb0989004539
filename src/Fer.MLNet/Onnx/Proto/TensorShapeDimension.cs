namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>TensorShapeProto.Dimension</c>: a fixed size, a named symbolic size ("N"), or unknown.</summary>
public sealed class TensorShapeDimension
{
    /// <summary>Field 1 (dim_value): the fixed size, or null when not set.</summary>
    public long? Value { get; set; }

    /// <summary>Field 2 (dim_param): the symbolic name, or null when not set.</summary>
    public string? Param { get; set; }

    /// <summary>Field 3: denotation (e.g. DATA_BATCH).</summary>
    public string Denotation { get; set; } = "";

    /// <summary>A fixed dimension.</summary>
    public static TensorShapeDimension Fixed(long value) => new() { Value = value };

    /// <summary>A symbolic dimension.</summary>
    public static TensorShapeDimension Symbolic(string name) => new() { Param = name };

    /// <inheritdoc />
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Param ?? "?";
}
