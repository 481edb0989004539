namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// How triplets (anchor, positive of the same label, negative of another label, all from the same
/// dataset) are chosen inside a batch for the embedding objective.
/// </summary>
public enum TripletMining
{
    /// <summary>
    /// A random positive; the closest negative that is farther than the positive but within the margin
    /// (FaceNet's semi-hard), else the closest negative farther than the positive, else the closest.
    /// </summary>
    SemiHard,

    /// <summary>The farthest positive and the closest negative of each anchor (Hermans et al.'s batch-hard).</summary>
    BatchHard,

    /// <summary>A random positive and a random negative.</summary>
    Random,
}
