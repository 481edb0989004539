namespace Fer.MLNet.Onnx.Proto;

/// <summary>
/// ONNX <c>TypeProto</c>. Only tensor types (field 1) are kept; sequence, map, optional and sparse
/// types are recorded by <see cref="HasNonTensorType"/> so a loader can reject them clearly.
/// </summary>
public sealed class TypeProto
{
    /// <summary>Field 1: the tensor type, or null.</summary>
    public TensorTypeProto? TensorType { get; set; }

    /// <summary>True when a sequence (4), map (5), sparse tensor (8) or optional (9) type was present.</summary>
    public bool HasNonTensorType { get; set; }

    /// <summary>Field 6: denotation.</summary>
    public string Denotation { get; set; } = "";
}
