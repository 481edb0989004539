namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>AttributeProto.AttributeType</c> (the numbers are the wire values).</summary>
public enum AttributeType
{
    /// <summary>Not set.</summary>
    Undefined = 0,

    /// <summary>One float (field f).</summary>
    Float = 1,

    /// <summary>One 64-bit integer (field i).</summary>
    Int = 2,

    /// <summary>One byte string, normally UTF-8 (field s).</summary>
    String = 3,

    /// <summary>One tensor (field t).</summary>
    Tensor = 4,

    /// <summary>A sub-graph (field g); read as a marker only, sub-graphs are not supported.</summary>
    Graph = 5,

    /// <summary>Floats (field floats).</summary>
    Floats = 6,

    /// <summary>64-bit integers (field ints).</summary>
    Ints = 7,

    /// <summary>Byte strings (field strings).</summary>
    Strings = 8,

    /// <summary>Tensors (field tensors).</summary>
    Tensors = 9,

    /// <summary>Sub-graphs (field graphs); not supported.</summary>
    Graphs = 10,

    /// <summary>A sparse tensor; not supported.</summary>
    SparseTensor = 11,

    /// <summary>Sparse tensors; not supported.</summary>
    SparseTensors = 12,

    /// <summary>A type; not supported.</summary>
    TypeProto = 13,

    /// <summary>Types; not supported.</summary>
    TypeProtos = 14,
}
