namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>GraphProto</c>: nodes, constant initializers, and named inputs and outputs.</summary>
public sealed class GraphProto
{
    /// <summary>Field 1: the nodes (topologically sorted in a valid file).</summary>
    public List<NodeProto> Nodes { get; } = [];

    /// <summary>Field 2: the graph's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Field 5: constant tensors (weights).</summary>
    public List<TensorProto> Initializers { get; } = [];

    /// <summary>Field 10: documentation.</summary>
    public string DocString { get; set; } = "";

    /// <summary>Field 11: the inputs (older files also list initializers here).</summary>
    public List<ValueInfoProto> Inputs { get; } = [];

    /// <summary>Field 12: the outputs.</summary>
    public List<ValueInfoProto> Outputs { get; } = [];

    /// <summary>Field 13: optional type information for intermediate values.</summary>
    public List<ValueInfoProto> ValueInfo { get; } = [];

    /// <summary>True when field 15 (sparse_initializer) was present; sparse initializers are not supported.</summary>
    public bool HasSparseInitializers { get; set; }
}
