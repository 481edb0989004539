using Fer.MLNet.Transforms;

namespace Fer.MLNet.Catalogs;

/// <summary>Face transforms with the pretrained face-api networks: detection and cropping, alignment, expression scores, features.</summary>
public sealed partial class TransformsCatalog
{
    /// <summary>
    /// Finds faces in <paramref name="inputColumnName"/> and writes the crop to <paramref name="outputColumnName"/>, with
    /// FaceFound and FaceBox columns; the largest face per row or one row per face; rows without a face keep the whole image or are dropped.
    /// </summary>
    public FaceCroppingEstimator DetectAndCropFaces(string outputColumnName = "Face", string inputColumnName = "Image", FaceSelection selection = FaceSelection.Largest,
        float margin = 0f, NoFaceHandling noFace = NoFaceHandling.KeepWholeImage)
        => new(new FaceCroppingTransformer.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Selection = selection, Margin = margin, NoFace = noFace });

    /// <summary>Finds and crops faces as <paramref name="options"/> say.</summary>
    public FaceCroppingEstimator DetectAndCropFaces(FaceCroppingTransformer.Options options) => new(options);

    /// <summary>Aligns the face images of <paramref name="inputColumnName"/> (default: the output column) by their eyes into <paramref name="size"/>-pixel squares.</summary>
    public FaceAligningEstimator AlignFaces(string outputColumnName = "Face", string? inputColumnName = null, int size = 112)
        => new(new FaceAligningTransformer.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName, Size = size });

    /// <summary>Aligns faces as <paramref name="options"/> say.</summary>
    public FaceAligningEstimator AlignFaces(FaceAligningTransformer.Options options) => new(options);

    /// <summary>Scores the face images of <paramref name="inputColumnName"/> with the pretrained expression net: Score (probabilities) and PredictedLabel.</summary>
    public PretrainedExpressionEstimator PretrainedExpression(string inputColumnName = "Face", ExpressionClassOrder classOrder = ExpressionClassOrder.FaceApi)
        => new(new PretrainedExpressionTransformer.Options { InputColumnName = inputColumnName, ClassOrder = classOrder });

    /// <summary>Scores faces as <paramref name="options"/> say.</summary>
    public PretrainedExpressionEstimator PretrainedExpression(PretrainedExpressionTransformer.Options options) => new(options);

    /// <summary>Writes the pretrained expression net's 256 features of the face images of <paramref name="inputColumnName"/> to <paramref name="outputColumnName"/>.</summary>
    public PretrainedFeaturesEstimator PretrainedFeatures(string outputColumnName = "Features", string inputColumnName = "Face")
        => new(new PretrainedFeaturesTransformer.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });
}
