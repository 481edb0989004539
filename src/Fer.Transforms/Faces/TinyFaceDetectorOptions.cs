namespace Fer.Transforms.Faces;

/// <summary>Settings of <see cref="TinyFaceDetector.Detect(Imaging.Image, TinyFaceDetectorOptions?)"/>; defaults are face-api's.</summary>
public sealed record TinyFaceDetectorOptions
{
    /// <summary>The smallest accepted <see cref="InputSize"/>.</summary>
    public const int MinInputSize = 128;

    /// <summary>The largest accepted <see cref="InputSize"/>.</summary>
    public const int MaxInputSize = 608;

    /// <summary>
    /// The side of the square the image is padded and resized to before the network (a multiple of 32
    /// in [128, 608]; default 416). Larger finds smaller faces and costs time quadratically.
    /// </summary>
    public int InputSize { get; init; } = 416;

    /// <summary>Boxes whose confidence is not above this are dropped (in (0, 1); default 0.5).</summary>
    public float ScoreThreshold { get; init; } = 0.5f;

    /// <summary>Non-maximum suppression drops a box whose IoU with a kept, higher-scoring box exceeds this (in [0, 1]; default 0.4).</summary>
    public float IouThreshold { get; init; } = 0.4f;

    /// <summary>face-api's defaults: input 416, score threshold 0.5, IoU 0.4.</summary>
    public static TinyFaceDetectorOptions Default { get; } = new();

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        if (InputSize < MinInputSize || InputSize > MaxInputSize || InputSize % 32 != 0)
            throw new ArgumentOutOfRangeException(nameof(InputSize), InputSize, $"InputSize must be a multiple of 32 in [{MinInputSize}, {MaxInputSize}].");
        if (!(ScoreThreshold > 0f && ScoreThreshold < 1f))
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "ScoreThreshold must lie in (0, 1).");
        if (!(IouThreshold >= 0f && IouThreshold <= 1f))
            throw new ArgumentOutOfRangeException(nameof(IouThreshold), IouThreshold, "IouThreshold must lie in [0, 1].");
    }
}
