using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.Cli.Faces;

/// <summary>Finds the faces of a photo with TinyFaceDetector and, optionally, names each one's expression with FaceExpressionNet.</summary>
internal static class PhotoAnalyzer
{
    /// <summary>Detects faces (and their expressions when <paramref name="expressions"/>) in <paramref name="image"/>.</summary>
    public static PhotoResult Analyze(string file, Image image, bool expressions, TinyFaceDetectorOptions? options = null)
    {
        IReadOnlyList<FaceDetection> found = PretrainedModels.Detector.Detect(image, options ?? TinyFaceDetectorOptions.Default);
        IReadOnlyList<ExpressionPrediction>? predicted = null;
        if (expressions && found.Count > 0)
            predicted = PretrainedModels.Expression.Predict([.. found.Select(f => FaceCropping.CropFace(image, f.Box))]);
        var faces = found.Select((f, i) => new FaceResult(i + 1, f.Box, f.Score, predicted?[i])).ToArray();
        return new PhotoResult(file, image.Width, image.Height, faces);
    }

    /// <summary>The whole image taken as one face (for crops that are faces already, e.g. FER+).</summary>
    public static PhotoResult WholeImage(string file, Image image)
    {
        ExpressionPrediction p = PretrainedModels.Expression.Predict(image);
        return new PhotoResult(file, image.Width, image.Height, [new FaceResult(1, new System.Drawing.RectangleF(0, 0, image.Width, image.Height), 1f, p)]);
    }

    /// <summary>Loads an image, naming the file in any error.</summary>
    public static Image Load(string file)
    {
        try
        {
            return Image.Load(file);
        }
        catch (Exception e) when (e is ImageFormatException or IOException or InvalidDataException or NotSupportedException)
        {
            throw new Infrastructure.CliException($"Cannot read image '{file}': {e.Message}", e);
        }
    }
}
