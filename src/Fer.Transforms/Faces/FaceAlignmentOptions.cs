namespace Fer.Transforms.Faces;

/// <summary>Where <see cref="FaceAligner"/> puts the eyes, and the size of the aligned face.</summary>
public sealed record FaceAlignmentOptions
{
    /// <summary>Width and height of the aligned face in pixels (default 112, the expression net's input).</summary>
    public int Size { get; init; } = 112;

    /// <summary>The distance between the eye centres as a fraction of <see cref="Size"/> (default 0.35); the eyes are centred horizontally.</summary>
    public double EyeDistance { get; init; } = 0.35;

    /// <summary>The height of the eye line below the top edge, as a fraction of <see cref="Size"/> (default 0.38).</summary>
    public double EyeHeight { get; init; } = 0.38;

    /// <summary>
    /// Landmark passes (1 to 4; default 2): each pass after the first finds the eyes again on the face
    /// aligned by the previous one. The tiny landmark net is least sure of faces tilted by 30 degrees
    /// or more and of crops looser than the detector's box; a second pass levels those.
    /// </summary>
    public int Passes { get; init; } = 2;

    /// <summary>The grey level of areas outside the source image (default 0).</summary>
    public byte Fill { get; init; }

    /// <summary>The defaults.</summary>
    public static FaceAlignmentOptions Default { get; } = new();

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (Size < 8 || Size > 4096) throw new ArgumentOutOfRangeException(nameof(Size), Size, "Size must lie in [8, 4096].");
        if (!(EyeDistance > 0 && EyeDistance < 1)) throw new ArgumentOutOfRangeException(nameof(EyeDistance), EyeDistance, "EyeDistance must lie in (0, 1).");
        if (Passes < 1 || Passes > 4) throw new ArgumentOutOfRangeException(nameof(Passes), Passes, "Passes must lie in [1, 4].");
        if (!(EyeHeight > 0 && EyeHeight < 1)) throw new ArgumentOutOfRangeException(nameof(EyeHeight), EyeHeight, "EyeHeight must lie in (0, 1).");
    }
}
