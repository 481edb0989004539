namespace Fer.MLNet.Model;

/// <summary>The library's own transformer kinds (one line each, added as transformers are written).</summary>
internal static class KnownTransformers
{
    internal static void RegisterAll()
    {
        TransformerRegistry.Register("LoadImages", Fer.MLNet.Transforms.ImageLoadingTransformer.Load);
    }
}
