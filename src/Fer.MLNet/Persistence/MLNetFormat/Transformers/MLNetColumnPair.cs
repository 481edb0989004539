namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>An output column made from an input column by a one-to-one ML.NET transformer.</summary>
/// <param name="Output">The new column's name.</param>
/// <param name="Input">The source column's name.</param>
public readonly record struct MLNetColumnPair(string Output, string Input);
