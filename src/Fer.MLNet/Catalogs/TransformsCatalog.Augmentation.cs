using Fer.MLNet.Transforms;

namespace Fer.MLNet.Catalogs;

/// <summary>Training-time image augmentation.</summary>
public sealed partial class TransformsCatalog
{
    /// <summary>
    /// Random flips, padded crops, rotations and colour jitter while later estimators are fitted; the
    /// identity when scoring. Per-row randomness comes from each cursor's generator (or a seed derived
    /// from the context's).
    /// </summary>
    public ImageAugmentingEstimator Augment(string outputColumnName, string? inputColumnName = null, double horizontalFlipProbability = 0.5,
        int cropPadding = 0, double rotationDegrees = 0, double brightness = 0, double contrast = 0, double saturation = 0)
        => Augment(new ImageAugmentingOptions { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, HorizontalFlipProbability = horizontalFlipProbability, CropPadding = cropPadding, RotationDegrees = rotationDegrees, Brightness = brightness, Contrast = contrast, Saturation = saturation });

    /// <summary>Augmentation as <paramref name="options"/> say (all settings, including random resized crops); a null seed takes one derived from the context.</summary>
    public ImageAugmentingEstimator Augment(ImageAugmentingOptions options) => new(options, Context.NextSeed());
}
