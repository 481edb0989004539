namespace Fer.Transforms.Weights;

/// <summary>One group of a tfjs manifest: shard files read and concatenated in order, and the weights laid out one after another in them.</summary>
public sealed class TfjsWeightGroup
{
    internal TfjsWeightGroup(IReadOnlyList<string> paths, IReadOnlyList<string> files, IReadOnlyList<TfjsWeightSpec> weights)
    {
        Paths = paths;
        Files = files;
        Weights = weights;
    }

    /// <summary>The shard paths as written in the manifest (relative to its folder).</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The shard files, absolute and checked to lie inside the manifest's folder.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The weights, in storage order.</summary>
    public IReadOnlyList<TfjsWeightSpec> Weights { get; }

    /// <summary>The bytes the weights need, which the shards must hold exactly.</summary>
    public long ByteLength => Weights.Count == 0 ? 0 : Weights[^1].ByteOffset + Weights[^1].ByteLength;
}
