using Fer.MLNet.Transforms;

namespace Fer.MLNet.Catalogs;

/// <summary>Column conversions: string values to keys and back, concatenation into a vector.</summary>
public sealed partial class TransformsCatalog
{
    /// <summary>
    /// Learns the distinct strings of <paramref name="inputColumnName"/> (default: the output column) and maps
    /// them to 0-based Int32 keys, with the strings as the output's KeyValues.
    /// </summary>
    public ValueToKeyMappingEstimator MapValueToKey(string outputColumnName, string? inputColumnName = null,
        KeyOrdinality keyOrdinality = KeyOrdinality.ByValue, UnknownValueHandling unknownValues = UnknownValueHandling.Error)
        => new(new ValueToKeyMappingTransformer.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, UnknownValues = unknownValues }, keyOrdinality);

    /// <summary>Maps the Int32 keys of <paramref name="inputColumnName"/> (default: the output column) back to the names in its KeyValues.</summary>
    public KeyToValueMappingEstimator MapKeyToValue(string outputColumnName, string? inputColumnName = null)
        => new(new KeyToValueMappingTransformer.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>Joins Single and float vector columns into one float vector, in the order given.</summary>
    public ColumnConcatenatingEstimator Concatenate(string outputColumnName, params string[] inputColumnNames)
        => new(new ColumnConcatenatingTransformer.Options { OutputColumnName = outputColumnName, InputColumnNames = inputColumnNames });
}
