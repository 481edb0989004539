namespace Fer.MLNet.Persistence.MLNetFormat;

/// <summary>
/// A component that is not a chain (known or not): its <c>Model.key</c> and every other entry under
/// its folder, e.g. <c>OnnxModel</c> beside an OnnxTransform, or a sub-model's own folders.
/// </summary>
public sealed class MLNetLeafNode : MLNetNode
{
    private readonly Dictionary<string, ReadOnlyMemory<byte>> _entries;

    internal MLNetLeafNode(string sourceName, string folder, MLNetModelKey key, Dictionary<string, ReadOnlyMemory<byte>> entries)
        : base(sourceName, folder, key)
    {
        _entries = entries;
    }

    /// <summary>The entries under the node's folder other than its Model.key, by name relative to the folder ('/' separated).</summary>
    public IReadOnlyDictionary<string, ReadOnlyMemory<byte>> Entries => _entries;

    /// <summary>Looks up the entry <paramref name="relativeName"/> under the node's folder (e.g. "OnnxModel").</summary>
    public bool TryGetEntry(string relativeName, out ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(relativeName);
        return _entries.TryGetValue(relativeName.Replace('\\', '/'), out content);
    }
}
