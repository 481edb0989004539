using System.Drawing;
using Fer.Cli.Faces;
using Fer.MLNet.Data;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.Cli.Scoring;

/// <summary>
/// Scores a labelled dataset with FaceExpressionNet: each row's image (its Path or Image column) is the
/// face, cropped to its FaceBox when the dataset gives a smaller one, or, with <c>detect</c>, to the
/// largest face TinyFaceDetector finds (the whole image when it finds none). The result has the Label,
/// Score and PredictedLabel columns that fer.Evaluate.Multiclass reads, in face-api's class order.
/// </summary>
internal static class PretrainedDatasetScorer
{
    private const int Batch = 64;

    /// <param name="data">Rows whose Label is already in face-api's order (see <see cref="Data.LabelAlignment"/>).</param>
    /// <param name="detect">Find the face with the detector first.</param>
    /// <param name="progress">Called with the number of rows done.</param>
    /// <param name="undetected">How many images had no detected face (scored whole).</param>
    public static InMemoryDataView Score(InMemoryDataView data, bool detect, Action<int>? progress, CancellationToken cancellation, out int undetected)
    {
        ArgumentNullException.ThrowIfNull(data);
        var schema = data.Schema;
        int label = schema["Label"].Index;
        int? path = schema.GetColumnOrNull("Path") is { Type: TextDataViewType } p ? p.Index : null;
        int? imageColumn = schema.GetColumnOrNull("Image") is { Type: ImageDataViewType } im ? im.Index : null;
        int? faceBox = schema.GetColumnOrNull("FaceBox") is { Type: VectorDataViewType } fb ? fb.Index : null;
        if (path is null && imageColumn is null) throw new Infrastructure.CliException($"The data has neither a Path nor an Image column (columns: {schema}).");

        int n = (int)data.GetRowCount()!.Value;
        var labels = new object?[n];
        var scores = new object?[n];
        var predicted = new object?[n];
        int missed = 0;
        for (int start = 0; start < n; start += Batch)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(Batch, n - start);
            var faces = new Image[count];
            var noFace = new bool[count];
            Parallel.For(0, count, i =>
            {
                int r = start + i;
                Image image = imageColumn is int c ? (Image)data.GetValue(r, c)! : PhotoAnalyzer.Load((string)data.GetValue(r, path!.Value)!);
                faces[i] = Face(image, faceBox is int b ? (float[]?)data.GetValue(r, b) : null, detect, out noFace[i]);
            });
            missed += noFace.Count(x => x);
            IReadOnlyList<ExpressionPrediction> predictions = PretrainedModels.Expression.Predict(faces);
            for (int i = 0; i < count; i++)
            {
                labels[start + i] = data.GetValue(start + i, label);
                scores[start + i] = predictions[i].Probabilities.ToArray();
                predicted[start + i] = predictions[i].PredictedIndex;
            }
            progress?.Invoke(start + count);
        }
        undetected = missed;
        var names = FaceExpressionNet.Classes.Names;
        var builder = new DataViewSchema.Builder()
            .AddColumn("Label", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = names })
            .AddColumn("Score", new VectorDataViewType(names.Count), new DataViewAnnotations { SlotNames = names })
            .AddColumn("PredictedLabel", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = names });
        return new InMemoryDataView(builder.ToSchema(), [labels, scores, predicted]);
    }

    private static Image Face(Image image, float[]? box, bool detect, out bool noFace)
    {
        noFace = false;
        if (detect)
        {
            var found = PretrainedModels.Detector.Detect(image, TinyFaceDetectorOptions.Default);
            if (found.Count == 0)
            {
                noFace = true;
                return image;
            }
            return FaceCropping.CropFace(image, found.MaxBy(f => f.Area).Box);
        }
        // A box covering the whole image (FER+ writes (0, 0, 48, 48)) or an empty one means the image is the face.
        if (box is [var x, var y, var w, var h] && w > 0 && h > 0 && (x > 0 || y > 0 || w < image.Width || h < image.Height))
            return FaceCropping.CropFace(image, new RectangleF(x, y, w, h));
        return image;
    }
}
