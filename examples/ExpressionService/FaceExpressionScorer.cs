using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Prediction;
using Fer.MLNet.Transforms;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace ExpressionService;

/// <summary>The models, loaded once and shared by all requests (everything here is thread-safe).</summary>
public sealed class FaceExpressionScorer
{
    private readonly TinyFaceDetector detector = TinyFaceDetector.Load();
    private readonly FaceExpressionNet expressions = FaceExpressionNet.Load();
    private readonly PredictionEngine<FaceCrop, ClassPrediction>? engine;
    private readonly IReadOnlyList<string> classes = [];

    /// <param name="modelPath">A model zip for /classify, or null.</param>
    public FaceExpressionScorer(string? modelPath)
    {
        if (modelPath is null) return;
        var fer = new FerContext();
        TransformerChain<ITransformer> model = fer.Model.Load(modelPath, out DataViewSchema schema);
        classes = model.GetOutputSchema(schema)["Score"].Annotations.SlotNames ?? [];
        // Models trained on files start by loading images from a Path column; requests bring the image
        // itself, so the service runs the chain from the step after LoadImages on the decoded image.
        ITransformer[] steps = [.. model.SkipWhile(t => t is ImageLoadingTransformer)];
        engine = fer.Model.CreatePredictionEngine<FaceCrop, ClassPrediction>(new TransformerChain<ITransformer>(steps));
    }

    public bool CanClassify => engine is not null;

    /// <summary>Every face of a photo: box and expression.</summary>
    public IReadOnlyList<FaceResponse> Faces(byte[] photoBytes)
    {
        Image photo = Image.Decode(photoBytes);
        IReadOnlyList<FaceDetection> faces = detector.Detect(photo);
        IReadOnlyList<ExpressionPrediction> predicted = expressions.Predict([.. faces.Select(f => FaceCropping.CropFace(photo, f.Box))]);
        return [.. faces.Select((f, i) => new FaceResponse(i + 1, f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height, f.Score,
            FaceExpressionNet.Classes.Names[predicted[i].PredictedIndex], predicted[i].Probabilities[predicted[i].PredictedIndex]))];
    }

    /// <summary>The trained model's answer for one face crop.</summary>
    public ClassifyResponse Classify(byte[] faceBytes)
    {
        ClassPrediction p = engine!.Predict(new FaceCrop { Image = Image.Decode(faceBytes) });
        return new ClassifyResponse(p.Expression, classes.Select((c, i) => (c, p.Score[i])).ToDictionary(x => x.c, x => x.Item2));
    }
}
