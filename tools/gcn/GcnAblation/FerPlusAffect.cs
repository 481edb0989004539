using Fer.Trainers.Data;
using Fer.Trainers.GcnMultitask;
using Fer.Transforms.Datasets;
using Fer.Transforms.Imaging;

/// <summary>
/// A FER+ split as 48x48 grey images in [0, 1] with the 7 expressions (majority label, ties,
/// unknown, not-a-face and contempt-majority rows dropped), probability targets over the 7
/// expressions, and derived valence/arousal from the 8 emotion votes (NRC VAD table).
/// </summary>
internal static class FerPlusAffect
{
    public static readonly string[] Classes = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear"];

    public static ImageTensorSet Load(string folder)
    {
        var rows = new FerPlusReader(folder, new FerPlusReaderOptions { Mode = FerPlusLabelMode.Majority, IncludeContempt = false }).ReadAll().Rows;
        var table8 = DerivedValenceArousal.ForClasses([.. Classes, "contempt"]);
        var images = new float[rows.Count * 2304];
        var targets = new float[rows.Count * 7];
        var labels = new int[rows.Count];
        var valence = new float[rows.Count];
        var arousal = new float[rows.Count];
        Parallel.For(0, rows.Count, i =>
        {
            Image img = Image.Load(rows[i].Image.Path!);
            if (img.Channels != 1) img = img.ToGrey();
            if (img.Width != 48 || img.Height != 48) img = img.Resize(48, 48, ResizeMode.Area);
            TensorLayout.ToChw(img, images.AsSpan(i * 2304, 2304), [0f], [1f]);
            labels[i] = rows[i].LabelIndex;
            float[] emotions = rows[i].Votes![..8];
            float seven = emotions[..7].Sum();
            for (int k = 0; k < 7; k++) targets[i * 7 + k] = emotions[k] / seven;
            (valence[i], arousal[i]) = DerivedValenceArousal.FromDistribution(emotions, table8);
        });
        return new ImageTensorSet(images, 1, 48, 48, labels, targets, 7, valence, arousal, Classes);
    }
}
