using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;

namespace Fer.Cli.Training;

/// <summary>The steps from a dataset's image column to a [C, H, W] "Pixels" vector.</summary>
internal static class ImagePreprocessing
{
    /// <summary>
    /// Path (or an Image column, as FER2013 CSV gives) -> grey -> <paramref name="size"/> x <paramref name="size"/>
    /// -> "Pixels" [1, size, size] in [0, 1].
    /// </summary>
    public static EstimatorChain<ITransformer> GreyPixels(FerContext fer, DataViewSchema schema, int size)
    {
        var chain = new EstimatorChain<ITransformer>();
        if (schema.GetColumnOrNull("Image") is not { Type: ImageDataViewType })
        {
            if (schema.GetColumnOrNull("Path") is not { Type: TextDataViewType })
                throw new Infrastructure.CliException($"The data has neither an Image nor a Path column (columns: {schema}).");
            chain = chain.Append<ITransformer>(fer.Transforms.LoadImages("Image", inputColumnName: "Path"));
        }
        return chain
            .Append<ITransformer>(fer.Transforms.ConvertToGrayscale("Image"))
            .Append<ITransformer>(fer.Transforms.ResizeImages("Image", size, size))
            .Append<ITransformer>(fer.Transforms.ExtractPixels("Pixels", "Image", PixelColorMode.Grey));
    }
}
