using Fer.Cli.Infrastructure;
using Fer.MLNet;
using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.Transforms.Datasets;

namespace Fer.Cli.Data;

/// <summary>Loads a dataset written KIND:PATH (what <c>--data</c> and <c>--valid</c> take), optionally only its first rows.</summary>
internal static class DatasetLoader
{
    /// <summary>The FER+ label modes by their command-line names.</summary>
    public static IReadOnlyDictionary<string, FerPlusLabelMode> FerPlusModes { get; } = new Dictionary<string, FerPlusLabelMode>(StringComparer.OrdinalIgnoreCase)
    {
        ["majority"] = FerPlusLabelMode.Majority,
        ["strict-majority"] = FerPlusLabelMode.StrictMajority,
        ["plurality"] = FerPlusLabelMode.Plurality,
        ["probability"] = FerPlusLabelMode.Probability,
    };

    /// <summary>Loads <paramref name="spec"/>; <paramref name="limit"/> keeps the first rows only.</summary>
    /// <exception cref="CliException">The spec is malformed, the kind unknown or the path absent.</exception>
    public static InMemoryDataView Load(FerContext fer, string spec, FerPlusLabelMode ferPlusMode, int? limit, string option)
    {
        ArgumentNullException.ThrowIfNull(fer);
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        // A Windows drive letter ("C:\data") is not a kind; neither is a path with no kind at all.
        if (colon <= 1 || colon == spec.Length - 1)
            throw new CliException($"{option} '{spec}' must be written KIND:PATH with KIND one of {string.Join(", ", DataCatalog.Kinds)} (e.g. ferplus:../shared/data/ferplus/FER2013Valid).");
        string kind = spec[..colon].ToLowerInvariant(), path = spec[(colon + 1)..];
        if (!DataCatalog.Kinds.Contains(kind))
            throw new CliException($"{option}: unknown dataset kind '{kind}' in '{spec}'; use one of {string.Join(", ", DataCatalog.Kinds)}.");
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new CliException($"{option}: '{path}' does not exist (dataset '{spec}').");
        if (limit is < 1) throw new CliException($"--limit must be at least 1, got {limit}.");

        InMemoryDataView view = fer.Data.Load(spec, ferPlusMode);
        long rows = view.GetRowCount() ?? 0;
        if (rows == 0) throw new CliException($"{option}: dataset '{spec}' has no usable rows.");
        if (limit is int n && n < rows) view = DataCatalog.Subset(view, r => r < n);
        return view;
    }

    /// <summary>The class names of the Label column (its KeyValues), or an error naming the dataset.</summary>
    public static IReadOnlyList<string> ClassNames(IDataView data, string spec)
    {
        var label = data.Schema.GetColumnOrNull("Label") ?? throw new CliException($"Dataset '{spec}' has no Label column; it cannot be used for training or evaluation.");
        return label.Annotations.KeyValues ?? throw new CliException($"Dataset '{spec}' does not name its classes.");
    }
}
