namespace Fer.Transforms.Imaging;

/// <summary>Chroma subsampling of a JPEG written from an RGB image.</summary>
public enum JpegSubsampling
{
    /// <summary>Chroma at half resolution in both directions (2x2 luma per chroma sample), the common default.</summary>
    Yuv420,

    /// <summary>Chroma at full resolution.</summary>
    Yuv444,
}
