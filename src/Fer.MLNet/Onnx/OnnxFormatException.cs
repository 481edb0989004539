using Fer.MLNet.Persistence;

namespace Fer.MLNet.Onnx;

/// <summary>
/// An ONNX model is truncated, not valid protobuf, over a size limit, structurally broken (a
/// missing value, a cycle), uses an operator or attribute this runtime does not support, or has
/// shapes that do not fit its operators. The message names the file, the node (name and operator)
/// and the attribute or input concerned, and says what was expected.
/// </summary>
public class OnnxFormatException : ModelFormatException
{
    /// <summary>Creates the exception with a plain message.</summary>
    public OnnxFormatException()
        : base("The ONNX model is not valid.")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public OnnxFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a plain message and its cause.</summary>
    public OnnxFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a problem in <paramref name="fileName"/>, optionally in one node.</summary>
    /// <param name="detail">What is wrong and what was expected.</param>
    /// <param name="fileName">The model file or a display name for bytes; null when unknown.</param>
    /// <param name="nodeName">The node's name (or a description of an unnamed node); null when not about one node.</param>
    /// <param name="opType">The node's operator; null when not about one node.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OnnxFormatException(string detail, string? fileName, string? nodeName = null, string? opType = null, Exception? innerException = null)
        : base(Describe(detail, nodeName, opType), fileName, null, innerException)
    {
        NodeName = nodeName;
        OpType = opType;
    }

    /// <summary>The node the problem was found in, or null.</summary>
    public string? NodeName { get; }

    /// <summary>The operator of that node, or null.</summary>
    public string? OpType { get; }

    private static string Describe(string detail, string? nodeName, string? opType)
    {
        if (nodeName is null) return detail;
        return opType is null ? $"node '{nodeName}': {detail}" : $"node '{nodeName}' ({opType}): {detail}";
    }
}
