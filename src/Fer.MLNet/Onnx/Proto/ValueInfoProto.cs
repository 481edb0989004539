namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>ValueInfoProto</c>: a named value with its declared type (graph inputs and outputs).</summary>
public sealed class ValueInfoProto
{
    /// <summary>Field 1: the value's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Field 2: the declared type, or null.</summary>
    public TypeProto? Type { get; set; }

    /// <summary>Field 3: documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>The declared element type, or <see cref="TensorDataType.Undefined"/>.</summary>
    public TensorDataType ElementType => (TensorDataType)(Type?.TensorType?.ElemType ?? 0);

    /// <summary>The declared shape, or null when the rank is unknown.</summary>
    public TensorShapeProto? Shape => Type?.TensorType?.Shape;
}
