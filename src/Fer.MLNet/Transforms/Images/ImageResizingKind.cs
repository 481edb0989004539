namespace Fer.MLNet.Transforms;

/// <summary>How <see cref="ImageResizingTransformer"/> fits an image to the target size (ML.NET's ResizingKind).</summary>
public enum ImageResizingKind
{
    /// <summary>Stretch to the target size (the aspect ratio may change).</summary>
    Fill,

    /// <summary>
    /// Letterbox: scale to fit inside the target keeping the aspect ratio, then centre it on a canvas of
    /// the pad colour (an odd surplus goes to the right or bottom border).
    /// </summary>
    IsoPad,

    /// <summary>Centre crop to the target's aspect ratio, then scale to the target size.</summary>
    IsoCrop,
}
