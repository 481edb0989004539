namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// An ML.NET <c>TransformerChain</c> (model signature "XF CHAIN"): its body is an int32 child
/// count and one int32 scope per child; child i lives in the sub-folder <c>Transform_{i:000}</c>.
/// </summary>
public sealed class MLNetChainNode : MLNetNode
{
    internal MLNetChainNode(string sourceName, string folder, MLNetModelKey key, IReadOnlyList<MLNetChainChild> children)
        : base(sourceName, folder, key)
    {
        Children = children;
    }

    /// <summary>The chain's children, in order.</summary>
    public IReadOnlyList<MLNetChainChild> Children { get; }
}
