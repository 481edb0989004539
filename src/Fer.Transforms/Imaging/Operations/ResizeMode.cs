namespace Fer.Transforms.Imaging;

/// <summary>Interpolation of <see cref="Resizing.Resize(Image, int, int, ResizeMode)"/>.</summary>
public enum ResizeMode
{
    /// <summary>
    /// Bilinear with half-pixel centres (OpenCV INTER_LINEAR, PyTorch align_corners=False): the source
    /// position of output x is (x + 0.5) * srcW / dstW - 0.5, clamped to the edge pixels. No anti-aliasing.
    /// </summary>
    Bilinear,

    /// <summary>
    /// Box average over each output pixel's footprint with fractional edge weights (OpenCV INTER_AREA
    /// when shrinking); when enlarging it repeats pixels, blending only across footprint edges.
    /// </summary>
    Area,

    /// <summary>Nearest pixel by centre: source x = floor((x + 0.5) * srcW / dstW) (PIL NEAREST, torch "nearest-exact").</summary>
    Nearest,
}
