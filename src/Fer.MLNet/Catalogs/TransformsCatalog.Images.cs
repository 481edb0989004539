using Fer.MLNet.Transforms;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Catalogs;

/// <summary>Image transforms: grey conversion, resizing, pixel extraction.</summary>
public sealed partial class TransformsCatalog
{
    /// <summary>Converts the images of <paramref name="inputColumnName"/> (default: the output column) to one-channel grey.</summary>
    public ImageGrayscalingEstimator ConvertToGrayscale(string outputColumnName, string? inputColumnName = null)
        => new(new ImageGrayscalingTransformer.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>Resizes images to <paramref name="imageWidth"/> x <paramref name="imageHeight"/> (stretch, letterbox or centre crop); the output type has that known size.</summary>
    public ImageResizingEstimator ResizeImages(string outputColumnName, int imageWidth, int imageHeight, string? inputColumnName = null,
        ImageResizingKind resizing = ImageResizingKind.Fill, ResizeMode interpolation = ResizeMode.Bilinear, byte padColor = 0)
        => new(new ImageResizingTransformer.Options { OutputColumnName = outputColumnName, ImageWidth = imageWidth, ImageHeight = imageHeight, InputColumnName = inputColumnName, Resizing = resizing, Interpolation = interpolation, PadColor = padColor });

    /// <summary>Resizes images as <paramref name="options"/> say.</summary>
    public ImageResizingEstimator ResizeImages(ImageResizingTransformer.Options options) => new(options);

    /// <summary>
    /// Extracts pixels as a planar [C, H, W] float vector, value = (pixel * <paramref name="scale"/> - mean[c]) / std[c]
    /// (e.g. <see cref="ImagePixelExtractingTransformer.ImageNetMean"/>); fixed shape when the image size is known.
    /// </summary>
    public ImagePixelExtractingEstimator ExtractPixels(string outputColumnName, string? inputColumnName = null, PixelColorMode colors = PixelColorMode.Rgb,
        float scale = 1f / 255f, float[]? mean = null, float[]? std = null)
        => new(new ImagePixelExtractingTransformer.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Colors = colors, Scale = scale, Mean = mean, Std = std });

    /// <summary>Extracts pixels as <paramref name="options"/> say.</summary>
    public ImagePixelExtractingEstimator ExtractPixels(ImagePixelExtractingTransformer.Options options) => new(options);
}
