namespace Fer.Tensors.Serialization;

/// <summary>Limits applied when reading untrusted safetensors data.</summary>
public sealed class SafeTensorsReadOptions
{
    private readonly long maxHeaderBytes = 100_000_000;
    private readonly long maxDataBytes = 16L << 30;

    /// <summary>Default options.</summary>
    public static SafeTensorsReadOptions Default { get; } = new();

    /// <summary>Largest accepted JSON header in bytes (the reference loader's limit, 100 MB, by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long MaxHeaderBytes
    {
        get => maxHeaderBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            maxHeaderBytes = value;
        }
    }

    /// <summary>
    /// Largest accepted tensor data (bytes after the header). Data of a stream whose length is not
    /// known is buffered as it arrives, so memory follows the bytes actually present, up to this cap.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long MaxDataBytes
    {
        get => maxDataBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            maxDataBytes = value;
        }
    }
}
