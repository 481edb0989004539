namespace Fer.MLNet.Onnx;

/// <summary>
/// Limits applied while reading an ONNX file, which is treated as hostile until checked. The
/// defaults suit models up to a few hundred megabytes; raise them for larger trusted models.
/// </summary>
public sealed class OnnxLoadOptions
{
    /// <summary>The default limits.</summary>
    public static OnnxLoadOptions Default { get; } = new();

    /// <summary>Largest accepted file (or byte buffer) in bytes; default 512 MiB, at most 2 GiB - 1.</summary>
    public long MaxFileBytes { get; init; } = 512L << 20;

    /// <summary>Most nodes in the graph; default 100,000.</summary>
    public int MaxNodes { get; init; } = 100_000;

    /// <summary>Most initializers in the graph; default 100,000.</summary>
    public int MaxInitializers { get; init; } = 100_000;

    /// <summary>Most elements in one tensor (initializer, constant or computed value); default 2^28.</summary>
    public long MaxTensorElements { get; init; } = 1L << 28;

    /// <summary>Highest tensor rank accepted; default 16.</summary>
    public int MaxRank { get; init; } = 16;

    /// <summary>
    /// Most protobuf messages (nodes, attributes, tensors, dimensions...) in the file together; a
    /// guard against files that are small on disk but expand into millions of objects. Default 4,000,000.
    /// </summary>
    public int MaxMessages { get; init; } = 4_000_000;

    /// <summary>
    /// Whether tensors may keep their data in external files. Only relative paths that stay inside
    /// the model's folder (no "..", no links) are then read, with offset and length checked against
    /// the file. Default false: such models are rejected. Models loaded from bytes never may.
    /// </summary>
    public bool AllowExternalData { get; init; }

    internal void Validate()
    {
        if (MaxFileBytes <= 0 || MaxFileBytes > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "MaxFileBytes must be in 1..2^31-1.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNodes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxInitializers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTensorElements);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRank);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMessages);
    }
}
