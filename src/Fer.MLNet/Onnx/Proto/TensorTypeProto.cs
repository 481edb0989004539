namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>TypeProto.Tensor</c>: element type and (optional) shape of a tensor value.</summary>
public sealed class TensorTypeProto
{
    /// <summary>Field 1: the element type's wire value (see <see cref="TensorDataType"/>).</summary>
    public int ElemType { get; set; }

    /// <summary>Field 2: the shape, or null when the rank is unknown.</summary>
    public TensorShapeProto? Shape { get; set; }
}
