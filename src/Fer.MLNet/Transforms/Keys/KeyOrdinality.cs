namespace Fer.MLNet.Transforms;

/// <summary>The order in which <see cref="ValueToKeyMappingEstimator"/> numbers the values it learns.</summary>
public enum KeyOrdinality
{
    /// <summary>Sorted by ordinal string comparison (the same keys whatever the row order).</summary>
    ByValue,

    /// <summary>In order of first occurrence in the data.</summary>
    ByOccurrence,
}
