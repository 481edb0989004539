using Fer.MLNet.Transforms;

namespace Fer.MLNet.Model;

/// <summary>The library's own transformer kinds (one line each, added as transformers are written).</summary>
internal static class KnownTransformers
{
    internal static void RegisterAll()
    {
        TransformerRegistry.Register("ExpressionClassifier", Fer.MLNet.Trainers.Supervised.ExpressionClassifierTransformer.Load);
        TransformerRegistry.Register("FeatureExtractor", Fer.MLNet.Trainers.FeatureExtractor.FeatureExtractorTransformer.Load);
        TransformerRegistry.Register("GcnMultitask", Fer.MLNet.Trainers.GcnMultitask.GcnMultitaskTransformer.Load);
        TransformerRegistry.Register("LoadImages", ImageLoadingTransformer.Load);
        TransformerRegistry.Register("ConvertToGrayscale", ImageGrayscalingTransformer.Load);
        TransformerRegistry.Register("ResizeImages", ImageResizingTransformer.Load);
        TransformerRegistry.Register("ExtractPixels", ImagePixelExtractingTransformer.Load);
        TransformerRegistry.Register("Augment", ImageAugmentingTransformer.Load);
        TransformerRegistry.Register("MapValueToKey", ValueToKeyMappingTransformer.Load);
        TransformerRegistry.Register("MapKeyToValue", KeyToValueMappingTransformer.Load);
        TransformerRegistry.Register("Concatenate", ColumnConcatenatingTransformer.Load);
        TransformerRegistry.Register("DetectAndCropFaces", FaceCroppingTransformer.Load);
        TransformerRegistry.Register("AlignFaces", FaceAligningTransformer.Load);
        TransformerRegistry.Register("PretrainedExpression", PretrainedExpressionTransformer.Load);
        TransformerRegistry.Register("PretrainedFeatures", PretrainedFeaturesTransformer.Load);
        TransformerRegistry.Register("ApplyOnnxModel", OnnxTransformer.Load);
    }
}
