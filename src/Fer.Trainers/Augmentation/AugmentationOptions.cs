namespace Fer.Trainers.Augmentation;

/// <summary>Random changes applied to each training image (on the normalised [C, H, W] tensor), each drawn per sample.</summary>
public sealed class AugmentationOptions
{
    /// <summary>No augmentation.</summary>
    public static AugmentationOptions None => new() { HorizontalFlip = 0 };

    /// <summary>Probability of a horizontal flip.</summary>
    public double HorizontalFlip { get; set; } = 0.5;

    /// <summary>Pixels of reflect padding before a random crop back to the original size (0 = off).</summary>
    public int PadCrop { get; set; }

    /// <summary>Smallest area fraction of a random resized crop (1 = off), torchvision's scale lower bound.</summary>
    public double ResizedCropMinScale { get; set; } = 1;

    /// <summary>Largest rotation in degrees, either way (0 = off).</summary>
    public double RotationDegrees { get; set; }

    /// <summary>Brightness jitter: the (normalised) image is multiplied by a factor in [1 - b, 1 + b] (0 = off).</summary>
    public double Brightness { get; set; }

    /// <summary>Contrast jitter: deviations from the image mean are scaled by a factor in [1 - c, 1 + c] (0 = off).</summary>
    public double Contrast { get; set; }

    /// <summary>True when any change is enabled.</summary>
    public bool Enabled => HorizontalFlip > 0 || PadCrop > 0 || ResizedCropMinScale < 1 || RotationDegrees > 0 || Brightness > 0 || Contrast > 0;

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (HorizontalFlip is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(HorizontalFlip), HorizontalFlip, "must be a probability.");
        if (PadCrop < 0) throw new ArgumentOutOfRangeException(nameof(PadCrop), PadCrop, "must not be negative.");
        if (ResizedCropMinScale is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(ResizedCropMinScale), ResizedCropMinScale, "must be in (0, 1].");
        if (RotationDegrees is < 0 or > 180) throw new ArgumentOutOfRangeException(nameof(RotationDegrees), RotationDegrees, "must be in [0, 180].");
        if (Brightness is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Brightness), Brightness, "must be in [0, 1).");
        if (Contrast is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Contrast), Contrast, "must be in [0, 1).");
    }
}
