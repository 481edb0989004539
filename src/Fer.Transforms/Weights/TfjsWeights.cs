using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Fer.Tensors;

namespace Fer.Transforms.Weights;

/// <summary>
/// Named tensors loaded from tfjs weights, in manifest order (enumeration follows it), each in
/// its tfjs shape (convolution filters [kh, kw, in, out], depthwise [kh, kw, in, multiplier],
/// dense [in, out]). Usable wherever an <see cref="IReadOnlyDictionary{TKey, TValue}"/> of tensors is.
/// </summary>
public sealed class TfjsWeights : IReadOnlyDictionary<string, Tensor>
{
    private readonly List<KeyValuePair<string, Tensor>> ordered;
    private readonly Dictionary<string, Tensor> byName;

    internal TfjsWeights(TfjsManifest manifest, List<KeyValuePair<string, Tensor>> ordered)
    {
        Manifest = manifest;
        this.ordered = ordered;
        byName = new Dictionary<string, Tensor>(ordered, StringComparer.Ordinal);
    }

    /// <summary>The manifest the weights came from.</summary>
    public TfjsManifest Manifest { get; }

    /// <summary>The weight names in manifest order.</summary>
    public IReadOnlyList<string> Names => [.. ordered.Select(kv => kv.Key)];

    /// <inheritdoc />
    public int Count => ordered.Count;

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such weight; the message names the manifest.</exception>
    public Tensor this[string name] => byName.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"{Manifest.ManifestPath} has no weight '{name}'.");

    /// <summary>The weight at manifest position <paramref name="index"/>.</summary>
    public KeyValuePair<string, Tensor> At(int index) => ordered[index];

    /// <inheritdoc />
    public IEnumerable<string> Keys => ordered.Select(kv => kv.Key);

    /// <inheritdoc />
    public IEnumerable<Tensor> Values => ordered.Select(kv => kv.Value);

    /// <inheritdoc />
    public bool ContainsKey(string key) => byName.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value) => byName.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => ordered.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
