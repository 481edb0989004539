namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>NodeProto</c>: one operator application in a graph.</summary>
public sealed class NodeProto
{
    /// <summary>Field 1: input value names, in the operator's order ("" marks an omitted optional input).</summary>
    public List<string> Inputs { get; } = [];

    /// <summary>Field 2: output value names ("" marks an unused optional output).</summary>
    public List<string> Outputs { get; } = [];

    /// <summary>Field 3: the node's name (may be empty).</summary>
    public string Name { get; set; } = "";

    /// <summary>Field 4: the operator, e.g. "Conv".</summary>
    public string OpType { get; set; } = "";

    /// <summary>Field 5: the attributes.</summary>
    public List<AttributeProto> Attributes { get; } = [];

    /// <summary>Field 6: documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>Field 7: the operator's domain ("" is the default ONNX domain).</summary>
    public string Domain { get; set; } = "";

    /// <summary>A name for messages: the node's name, or its operator and first output when unnamed.</summary>
    public string DisplayName => Name.Length > 0 ? Name : $"{OpType} -> {(Outputs.Count > 0 ? Outputs[0] : "?")}";
}
