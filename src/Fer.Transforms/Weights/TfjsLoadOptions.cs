namespace Fer.Transforms.Weights;

/// <summary>Caps applied while loading tfjs weights, so hostile files cannot exhaust memory.</summary>
public sealed class TfjsLoadOptions
{
    /// <summary>The largest manifest accepted, in bytes (default 16 MiB).</summary>
    public long MaxManifestBytes { get; set; } = 16L << 20;

    /// <summary>The most weight bytes accepted over all groups (default 1 GiB).</summary>
    public long MaxTotalBytes { get; set; } = 1L << 30;

    /// <summary>The most shard files accepted over all groups (default 4,096).</summary>
    public int MaxShards { get; set; } = 4096;

    /// <summary>The most weights accepted (default 100,000).</summary>
    public int MaxWeights { get; set; } = 100_000;
}
