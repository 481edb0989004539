namespace Fer.MLNet.Onnx.Proto;

/// <summary>
/// ONNX <c>AttributeProto</c>: a named operator setting. <see cref="Type"/> says which value field
/// is meaningful. Sub-graph, sparse-tensor and type attributes are read as markers only (their
/// content is skipped) because no supported operator takes them.
/// </summary>
public sealed class AttributeProto
{
    /// <summary>Field 1: the attribute's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Field 2: the float value.</summary>
    public float F { get; set; }

    /// <summary>Field 3: the integer value.</summary>
    public long I { get; set; }

    /// <summary>Field 4: the byte-string value (normally UTF-8).</summary>
    public byte[] S { get; set; } = [];

    /// <summary>Field 5: the tensor value, or null.</summary>
    public TensorProto? T { get; set; }

    /// <summary>Field 7: float values.</summary>
    public List<float> Floats { get; } = [];

    /// <summary>Field 8: integer values.</summary>
    public List<long> Ints { get; } = [];

    /// <summary>Field 9: byte-string values.</summary>
    public List<byte[]> Strings { get; } = [];

    /// <summary>Field 10: tensor values.</summary>
    public List<TensorProto> Tensors { get; } = [];

    /// <summary>Field 13: documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>Field 20: which value field is in use.</summary>
    public AttributeType Type { get; set; }

    /// <summary>Field 21: the name of a function attribute this one refers to (functions are not supported).</summary>
    public string RefAttrName { get; set; } = "";

    /// <summary>The string value decoded as UTF-8.</summary>
    public string StringValue => System.Text.Encoding.UTF8.GetString(S);
}
