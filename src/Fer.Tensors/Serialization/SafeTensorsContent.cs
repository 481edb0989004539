namespace Fer.Tensors.Serialization;

/// <summary>The result of reading a safetensors file: float32 tensors by name, the stored dtype of each, and the free-form metadata.</summary>
public sealed class SafeTensorsContent
{
    internal SafeTensorsContent(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, SafeTensorsDType> dtypes, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        DTypes = dtypes;
        Metadata = metadata;
    }

    /// <summary>Tensors by name, in the order of their data in the file, converted to float32.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The dtype each tensor was stored with (pass it back to Write to keep it).</summary>
    public IReadOnlyDictionary<string, SafeTensorsDType> DTypes { get; }

    /// <summary>The "__metadata__" string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
