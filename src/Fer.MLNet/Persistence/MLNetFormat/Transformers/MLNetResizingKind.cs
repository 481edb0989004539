namespace Fer.MLNet.Persistence.MLNetFormat.Transformers;

/// <summary>How ML.NET's ImageResizingTransformer fits an image to the target size (stored as a byte).</summary>
public enum MLNetResizingKind : byte
{
    /// <summary>Keep the aspect ratio and pad.</summary>
    IsoPad = 0,

    /// <summary>Keep the aspect ratio and crop (ML.NET's default).</summary>
    IsoCrop = 1,

    /// <summary>Stretch to the target size.</summary>
    Fill = 2,
}
