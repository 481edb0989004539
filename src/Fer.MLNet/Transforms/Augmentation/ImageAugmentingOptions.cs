using System.Text.Json.Nodes;
using Fer.MLNet.Model;

namespace Fer.MLNet.Transforms;

/// <summary>
/// Settings of <see cref="ImageAugmentingTransformer"/>. Every augmentation is off by default; the
/// steps run in the order of the properties below (resized crop, padded crop, flip, rotation, colour).
/// </summary>
public sealed class ImageAugmentingOptions
{
    /// <summary>The augmented image column to write.</summary>
    public string OutputColumnName { get; set; } = "Image";

    /// <summary>The image column to read (null: the output column name).</summary>
    public string? InputColumnName { get; set; }

    /// <summary>
    /// Output width of torchvision's RandomResizedCrop (a random area and aspect ratio, cropped and
    /// resized); 0 turns it off. Set with <see cref="RandomResizedCropHeight"/>.
    /// </summary>
    public int RandomResizedCropWidth { get; set; }

    /// <summary>Output height of the random resized crop; 0 when it is off.</summary>
    public int RandomResizedCropHeight { get; set; }

    /// <summary>Smallest area fraction of the random resized crop (default 0.08).</summary>
    public double RandomResizedCropMinScale { get; set; } = 0.08;

    /// <summary>Largest area fraction of the random resized crop (default 1).</summary>
    public double RandomResizedCropMaxScale { get; set; } = 1.0;

    /// <summary>Smallest aspect ratio (width / height) of the random resized crop (default 3/4).</summary>
    public double RandomResizedCropMinRatio { get; set; } = 3.0 / 4.0;

    /// <summary>Largest aspect ratio of the random resized crop (default 4/3).</summary>
    public double RandomResizedCropMaxRatio { get; set; } = 4.0 / 3.0;

    /// <summary>
    /// Padded random crop (torchvision's RandomCrop with padding): pad every side by this many pixels
    /// of <see cref="FillColor"/>, then crop a random window of the original size; 0 turns it off.
    /// </summary>
    public int CropPadding { get; set; }

    /// <summary>Probability of mirroring left to right (0..1; default 0).</summary>
    public double HorizontalFlipProbability { get; set; }

    /// <summary>Rotation by an angle uniform in [-degrees, degrees] about the centre (0..180; default 0, off).</summary>
    public double RotationDegrees { get; set; }

    /// <summary>Colour jitter brightness strength (factor uniform in [max(0, 1 - s), 1 + s]; default 0, off).</summary>
    public double Brightness { get; set; }

    /// <summary>Colour jitter contrast strength (default 0, off).</summary>
    public double Contrast { get; set; }

    /// <summary>Colour jitter saturation strength (default 0, off; grey images are unchanged by it).</summary>
    public double Saturation { get; set; }

    /// <summary>Grey level of the areas uncovered by rotation and padding (default 0, black).</summary>
    public byte FillColor { get; set; }

    /// <summary>Seed of the per-row generators for cursors made without a generator (null: the context's).</summary>
    public ulong? Seed { get; set; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and the accepted range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(OutputColumnName, nameof(OutputColumnName));
        if (InputColumnName is { Length: 0 }) throw new ArgumentException("InputColumnName is empty; use null for the output column name.", nameof(InputColumnName));
        if ((RandomResizedCropWidth == 0) != (RandomResizedCropHeight == 0) || RandomResizedCropWidth < 0 || RandomResizedCropHeight < 0
            || RandomResizedCropWidth > ImageResizingTransformer.MaxSide || RandomResizedCropHeight > ImageResizingTransformer.MaxSide)
            throw new ArgumentOutOfRangeException(nameof(RandomResizedCropWidth), $"RandomResizedCropWidth/Height are {RandomResizedCropWidth}x{RandomResizedCropHeight}; both must be 0 (off) or both in 1..{ImageResizingTransformer.MaxSide}.");
        if (!(RandomResizedCropMinScale > 0 && RandomResizedCropMinScale <= RandomResizedCropMaxScale && RandomResizedCropMaxScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(RandomResizedCropMinScale), $"RandomResizedCrop scale range [{RandomResizedCropMinScale}, {RandomResizedCropMaxScale}] must satisfy 0 < min <= max <= 1.");
        if (!(RandomResizedCropMinRatio > 0 && RandomResizedCropMinRatio <= RandomResizedCropMaxRatio && double.IsFinite(RandomResizedCropMaxRatio)))
            throw new ArgumentOutOfRangeException(nameof(RandomResizedCropMinRatio), $"RandomResizedCrop ratio range [{RandomResizedCropMinRatio}, {RandomResizedCropMaxRatio}] must satisfy 0 < min <= max, finite.");
        if (CropPadding is < 0 or > 4096) throw new ArgumentOutOfRangeException(nameof(CropPadding), CropPadding, "CropPadding must be in 0..4096.");
        if (!(HorizontalFlipProbability is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(HorizontalFlipProbability), HorizontalFlipProbability, "HorizontalFlipProbability must be in [0, 1].");
        if (!(RotationDegrees is >= 0 and <= 180)) throw new ArgumentOutOfRangeException(nameof(RotationDegrees), RotationDegrees, "RotationDegrees must be in [0, 180].");
        foreach (var (name, value) in new[] { (nameof(Brightness), Brightness), (nameof(Contrast), Contrast), (nameof(Saturation), Saturation) })
        {
            if (!(value >= 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");
        }
    }

    /// <summary>A copy.</summary>
    public ImageAugmentingOptions Clone() => (ImageAugmentingOptions)MemberwiseClone();

    internal JsonObject ToJson() => new()
    {
        ["outputColumnName"] = OutputColumnName,
        ["inputColumnName"] = InputColumnName,
        ["randomResizedCropWidth"] = RandomResizedCropWidth,
        ["randomResizedCropHeight"] = RandomResizedCropHeight,
        ["randomResizedCropMinScale"] = RandomResizedCropMinScale,
        ["randomResizedCropMaxScale"] = RandomResizedCropMaxScale,
        ["randomResizedCropMinRatio"] = RandomResizedCropMinRatio,
        ["randomResizedCropMaxRatio"] = RandomResizedCropMaxRatio,
        ["cropPadding"] = CropPadding,
        ["horizontalFlipProbability"] = HorizontalFlipProbability,
        ["rotationDegrees"] = RotationDegrees,
        ["brightness"] = Brightness,
        ["contrast"] = Contrast,
        ["saturation"] = Saturation,
        ["fillColor"] = FillColor,
        ["seed"] = Seed,
    };

    internal static ImageAugmentingOptions FromState(TransformerState s) => new()
    {
        OutputColumnName = s.Get<string>("outputColumnName"),
        InputColumnName = s.GetOrDefault<string>("inputColumnName"),
        RandomResizedCropWidth = s.Get<int>("randomResizedCropWidth"),
        RandomResizedCropHeight = s.Get<int>("randomResizedCropHeight"),
        RandomResizedCropMinScale = s.Get<double>("randomResizedCropMinScale"),
        RandomResizedCropMaxScale = s.Get<double>("randomResizedCropMaxScale"),
        RandomResizedCropMinRatio = s.Get<double>("randomResizedCropMinRatio"),
        RandomResizedCropMaxRatio = s.Get<double>("randomResizedCropMaxRatio"),
        CropPadding = s.Get<int>("cropPadding"),
        HorizontalFlipProbability = s.Get<double>("horizontalFlipProbability"),
        RotationDegrees = s.Get<double>("rotationDegrees"),
        Brightness = s.Get<double>("brightness"),
        Contrast = s.Get<double>("contrast"),
        Saturation = s.Get<double>("saturation"),
        FillColor = s.Get<byte>("fillColor"),
        Seed = s.Get<ulong>("seed"),
    };
}
