namespace Fer.MLNet.Transforms;

/// <summary>The channels <see cref="ImagePixelExtractingTransformer"/> writes.</summary>
public enum PixelColorMode
{
    /// <summary>One grey channel (RGB images are converted with BT.601 luma).</summary>
    Grey,

    /// <summary>Red, green and blue planes (grey images are repeated in all three).</summary>
    Rgb,
}
