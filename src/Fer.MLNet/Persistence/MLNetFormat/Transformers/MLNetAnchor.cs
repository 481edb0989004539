namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>Where ML.NET's ImageResizingTransformer anchors a crop (stored as a byte).</summary>
public enum MLNetAnchor : byte
{
    /// <summary>Keep the right side.</summary>
    Right = 0,

    /// <summary>Keep the left side.</summary>
    Left = 1,

    /// <summary>Keep the top.</summary>
    Top = 2,

    /// <summary>Keep the bottom.</summary>
    Bottom = 3,

    /// <summary>Crop evenly on both sides (ML.NET's default).</summary>
    Center = 4,
}
