namespace Fer.MLNet.Transforms;

/// <summary>What <see cref="FaceCroppingTransformer"/> does with an image in which no face is found.</summary>
public enum NoFaceHandling
{
    /// <summary>Keep the row with the whole image as the face (FaceFound false): right for images that are already tight face crops.</summary>
    KeepWholeImage,

    /// <summary>Drop the row.</summary>
    DropRow,
}
