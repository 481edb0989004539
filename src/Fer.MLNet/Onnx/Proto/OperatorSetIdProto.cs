namespace Fer.MLNet.Onnx.Proto;

/// <summary>ONNX <c>OperatorSetIdProto</c>: an imported operator set, e.g. the default domain at version 13.</summary>
public sealed class OperatorSetIdProto
{
    /// <summary>Creates an empty import.</summary>
    public OperatorSetIdProto()
    {
    }

    /// <summary>Creates an import of <paramref name="domain"/> at <paramref name="version"/>.</summary>
    public OperatorSetIdProto(string domain, long version)
    {
        Domain = domain;
        Version = version;
    }

    /// <summary>Field 1: the domain; "" (or "ai.onnx") is the default ONNX operator set.</summary>
    public string Domain { get; set; } = "";

    /// <summary>Field 2: the operator set version.</summary>
    public long Version { get; set; }
}
