namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>TensorShapeProto</c>: the dimensions of a declared tensor type.</summary>
public sealed class TensorShapeProto
{
    /// <summary>Field 1: the dimensions, outermost first.</summary>
    public List<TensorShapeDimension> Dims { get; } = [];

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", Dims) + "]";
}
