using System.Collections.Concurrent;
using Fer.MLNet.Pipeline;

namespace Fer.MLNet.Onnx.Export.Models;

/// <summary>
/// The transformers that score images and can be exported to ONNX, keyed by type, each with the
/// function that describes its graph (<see cref="ScorerExport"/>). The library registers its own
/// (ExpressionClassifierTransformer, and the others as they are written); an application can add more.
/// </summary>
public static class ScorerExporters
{
    private static readonly ConcurrentDictionary<Type, Func<ITransformer, ScorerExport>> Exporters = new();

    static ScorerExporters() => KnownScorers.RegisterAll();

    /// <summary>Registers (or replaces) the exporter of <typeparamref name="TTransformer"/>.</summary>
    public static void Register<TTransformer>(Func<TTransformer, ScorerExport> describe)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(describe);
        Exporters[typeof(TTransformer)] = t => describe((TTransformer)t);
    }

    /// <summary>The transformer types that can be exported, by name.</summary>
    public static IReadOnlyList<string> SupportedTypes => [.. Exporters.Keys.Select(t => t.Name).Order(StringComparer.Ordinal)];

    /// <summary>True when <paramref name="transformer"/> can be exported.</summary>
    public static bool IsSupported(ITransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return Exporters.ContainsKey(transformer.GetType());
    }

    /// <summary>The export description of <paramref name="transformer"/>.</summary>
    /// <exception cref="NotSupportedException">No exporter is registered for its type.</exception>
    public static ScorerExport Describe(ITransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        if (!Exporters.TryGetValue(transformer.GetType(), out var describe))
            throw new NotSupportedException($"{transformer.GetType().Name} cannot be exported to ONNX; exportable transformers: {string.Join(", ", SupportedTypes)}.");
        return describe(transformer);
    }
}
