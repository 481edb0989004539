namespace Fer.Trainers.Metrics;

/// <summary>How the distance between two embeddings is measured.</summary>
public enum DistanceMetric
{
    /// <summary>The L2 distance ||a - b||.</summary>
    Euclidean,

    /// <summary>
    /// 1 - cos(a, b). A zero vector has cosine similarity 0 with everything (distance 1), as in
    /// PyTorch's <c>cosine_similarity</c>, which clamps the norm product away from 0.
    /// </summary>
    Cosine,
}
