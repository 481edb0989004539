namespace Fer.MLNet.Transforms;

/// <summary>Which detected faces <see cref="FaceCroppingTransformer"/> returns.</summary>
public enum FaceSelection
{
    /// <summary>One row per input row: the face with the largest box.</summary>
    Largest,

    /// <summary>One row per face found (input columns repeated); an input row with no face gives one row or none, per <see cref="NoFaceHandling"/>.</summary>
    Each,
}
