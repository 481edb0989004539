namespace Fer.Transforms.Faces;

/// <summary>
/// Settings of <see cref="TinyFaceDetector.Detect(Imaging.Image, TinyFaceDetectorOptions?)"/>.
/// <see cref="FaceApi"/> reproduces face-api (one pass at 416); <see cref="Default"/> adds a second
/// pass at 512, because each size alone misses clearly visible faces in face-api's own example
/// photos (416: 2 of 23 faces in the five group photos; 512: one of the seven portraits), and the
/// two together find all 30 with no false positive (docs/faces.md).
/// </summary>
public sealed record TinyFaceDetectorOptions
{
    /// <summary>The smallest accepted input size.</summary>
    public const int MinInputSize = 128;

    /// <summary>The largest accepted input size.</summary>
    public const int MaxInputSize = 608;

    /// <summary>
    /// The side of the square the image is padded and resized to before the network (a multiple of 32
    /// in [128, 608]; default 416, face-api's). Larger finds smaller faces and costs time quadratically.
    /// </summary>
    public int InputSize { get; init; } = 416;

    /// <summary>
    /// Further input sizes to run (each a multiple of 32 in [128, 608], none repeated); the boxes of every
    /// size are pooled before non-maximum suppression. Empty for one pass, as face-api.
    /// </summary>
    public IReadOnlyList<int> ExtraInputSizes { get; init; } = [];

    /// <summary>Boxes whose confidence is not above this are dropped (in (0, 1); default 0.5, face-api's).</summary>
    public float ScoreThreshold { get; init; } = 0.5f;

    /// <summary>Non-maximum suppression drops a box whose IoU with a kept, higher-scoring box exceeds this (in [0, 1]; default 0.4, face-api's).</summary>
    public float IouThreshold { get; init; } = 0.4f;

    /// <summary>face-api's settings: one pass at 416, score threshold 0.5, IoU 0.4.</summary>
    public static TinyFaceDetectorOptions FaceApi { get; } = new();

    /// <summary>This library's default: passes at 416 and 512, score threshold 0.5, IoU 0.4.</summary>
    public static TinyFaceDetectorOptions Default { get; } = new() { ExtraInputSizes = [512] };

    /// <summary><see cref="InputSize"/> followed by <see cref="ExtraInputSizes"/>.</summary>
    public IEnumerable<int> InputSizes => [InputSize, .. ExtraInputSizes];

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    /// <exception cref="ArgumentException">An input size is repeated.</exception>
    public void Validate()
    {
        CheckSize(InputSize, nameof(InputSize));
        ArgumentNullException.ThrowIfNull(ExtraInputSizes, nameof(ExtraInputSizes));
        foreach (int size in ExtraInputSizes) CheckSize(size, nameof(ExtraInputSizes));
        if (InputSizes.Distinct().Count() != ExtraInputSizes.Count + 1)
            throw new ArgumentException($"ExtraInputSizes ({string.Join(", ", ExtraInputSizes)}) repeats an input size (InputSize {InputSize}).", nameof(ExtraInputSizes));
        if (!(ScoreThreshold > 0f && ScoreThreshold < 1f))
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "ScoreThreshold must lie in (0, 1).");
        if (!(IouThreshold >= 0f && IouThreshold <= 1f))
            throw new ArgumentOutOfRangeException(nameof(IouThreshold), IouThreshold, "IouThreshold must lie in [0, 1].");
    }

    private static void CheckSize(int size, string name)
    {
        if (size < MinInputSize || size > MaxInputSize || size % 32 != 0)
            throw new ArgumentOutOfRangeException(name, size, $"{name}: input sizes must be multiples of 32 in [{MinInputSize}, {MaxInputSize}]; got {size}.");
    }
}
