namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// One component of an ML.NET model zip: the folder holding its <c>Model.key</c> (e.g.
/// <c>TransformerChain/Transform_000</c>) and the parsed stream. Either a
/// <see cref="MLNetChainNode"/> (a TransformerChain, with children) or a <see cref="MLNetLeafNode"/>.
/// </summary>
public abstract class MLNetNode
{
    private protected MLNetNode(string sourceName, string folder, MLNetModelKey key)
    {
        SourceName = sourceName;
        Folder = folder;
        Key = key;
    }

    /// <summary>The archive the node was read from (for messages).</summary>
    public string SourceName { get; }

    /// <summary>The node's folder in the archive, '/' separated, without a trailing '/'.</summary>
    public string Folder { get; }

    /// <summary>The node's <c>Model.key</c> entry name.</summary>
    public string EntryName => Folder + "/Model.key";

    /// <summary>The parsed <c>Model.key</c> stream.</summary>
    public MLNetModelKey Key { get; }

    /// <summary>The loader signature ML.NET looks the component up by.</summary>
    public string LoaderSignature => Key.LoaderSignature;

    /// <inheritdoc/>
    public override string ToString() => $"{Folder}: {LoaderSignature}";
}
