using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;

namespace Fer.MLNet.Catalogs;

/// <summary>The transforms catalog of <see cref="FerContext"/>.</summary>
public sealed partial class TransformsCatalog
{
    internal TransformsCatalog(FerContext context) => Context = context;

    /// <summary>The owning context.</summary>
    public FerContext Context { get; }

    /// <summary>Decodes the image files named by <paramref name="inputColumnName"/> (default "Path") into <paramref name="outputColumnName"/>.</summary>
    public TrivialEstimator<ImageLoadingTransformer> LoadImages(string outputColumnName = "Image", string? imageFolder = null, string? inputColumnName = null, bool skipBadImages = false)
        => new(new ImageLoadingTransformer(new ImageLoadingTransformer.Options
        {
            OutputColumnName = outputColumnName, InputColumnName = inputColumnName, ImageFolder = imageFolder, SkipBadImages = skipBadImages,
        }));
}
