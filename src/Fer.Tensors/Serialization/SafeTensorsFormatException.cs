namespace Fer.Tensors.Serialization;

/// <summary>
/// A safetensors file (or stream) is malformed or unsupported. The message names the source, and the
/// tensor and header field at fault where there is one.
/// </summary>
public sealed class SafeTensorsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SafeTensorsFormatException(string sourceName, string? tensorName, string? field, string problem, Exception? inner = null)
        : base(Compose(sourceName, tensorName, field, problem), inner)
    {
        SourceName = sourceName;
        TensorName = tensorName;
        Field = field;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public SafeTensorsFormatException()
        : this("<unknown>", null, null, "invalid safetensors data")
    {
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public SafeTensorsFormatException(string message)
        : this("<unknown>", null, null, message)
    {
    }

    /// <summary>Creates the exception with a plain message and inner exception.</summary>
    public SafeTensorsFormatException(string message, Exception innerException)
        : this("<unknown>", null, null, message, innerException)
    {
    }

    /// <summary>The file path, or the name given for a stream or buffer.</summary>
    public string SourceName { get; }

    /// <summary>The tensor at fault, or null when the fault is in the file's framing or header as a whole.</summary>
    public string? TensorName { get; }

    /// <summary>The header field at fault ("dtype", "shape", "data_offsets", "__metadata__", "header length"...), or null.</summary>
    public string? Field { get; }

    private static string Compose(string source, string? tensor, string? field, string problem)
    {
        string where = source;
        if (tensor is not null) where += $": tensor '{tensor}'";
        if (field is not null) where += $": {field}";
        return $"{where}: {problem}";
    }
}
