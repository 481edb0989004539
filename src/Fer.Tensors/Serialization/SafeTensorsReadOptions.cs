namespace Fer.Tensors.Serialization;

/// <summary>Limits applied when reading untrusted safetensors data.</summary>
public sealed class SafeTensorsReadOptions
{
    /// <summary>Default options.</summary>
    public static SafeTensorsReadOptions Default { get; } = new();

    /// <summary>Largest accepted JSON header in bytes (the reference loader's limit, 100 MB, by default).</summary>
    public long MaxHeaderBytes { get; init; } = 100_000_000;

    /// <summary>
    /// Largest accepted tensor data (bytes after the header). Data of a stream whose length is not
    /// known is buffered as it arrives, so memory follows the bytes actually present, up to this cap.
    /// </summary>
    public long MaxDataBytes { get; init; } = 16L << 30;
}
