namespace Fer.Trainers.Metrics;

/// <summary>The fraction of rows whose true class is among the <paramref name="K"/> highest scores.</summary>
/// <param name="K">How many of the highest-scoring classes count as a hit (1 or more).</param>
/// <param name="Accuracy">The hit rate in [0, 1].</param>
public readonly record struct TopKAccuracy(int K, double Accuracy);
