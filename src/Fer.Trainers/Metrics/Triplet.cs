namespace Fer.Trainers.Metrics;

/// <summary>Row indices of an anchor, a row of the same class (positive) and a row of another class (negative).</summary>
/// <param name="Anchor">The anchor row.</param>
/// <param name="Positive">A different row of the anchor's class.</param>
/// <param name="Negative">A row of another class.</param>
public readonly record struct Triplet(int Anchor, int Positive, int Negative);
