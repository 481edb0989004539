using System.Collections.Concurrent;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Model;

/// <summary>
/// The transformer kinds a model zip may contain, each with the function that rebuilds it from its
/// saved state. Loading never instantiates a type named by the file: an unknown kind is an error.
/// The library registers its own kinds; an application can register its own custom kinds.
/// </summary>
public static class TransformerRegistry
{
    private static readonly ConcurrentDictionary<string, Func<TransformerState, ITransformer>> Loaders = new(StringComparer.Ordinal);

    static TransformerRegistry() => KnownTransformers.RegisterAll();

    /// <summary>Registers (or replaces) the loader of <paramref name="kind"/>.</summary>
    public static void Register(string kind, Func<TransformerState, ITransformer> load)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(load);
        Loaders[kind] = load;
    }

    /// <summary>The registered kinds, sorted.</summary>
    public static IReadOnlyList<string> Kinds => [.. Loaders.Keys.Order(StringComparer.Ordinal)];

    internal static bool TryGet(string kind, out Func<TransformerState, ITransformer> load) => Loaders.TryGetValue(kind, out load!);
}
