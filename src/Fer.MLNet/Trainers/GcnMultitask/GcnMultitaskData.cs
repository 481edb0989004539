using Fer.MLNet.Data;
using Fer.Trainers.Data;

namespace Fer.MLNet.Trainers.GcnMultitask;

/// <summary>
/// Column checks and reading for the GCN multi-task estimator: the input column is either a
/// [C, H, W] pixel vector (images through a backbone) or a fixed-length [F] vector (pre-extracted
/// features, e.g. the <c>Features</c> column of a supervised classifier); labels are Int32 class
/// indices; valence and arousal are Single columns (NaN = missing).
/// </summary>
internal static class GcnMultitaskData
{
    /// <summary>The input's shape: (true, F, 1, 1) for feature vectors, (false, C, H, W) for images.</summary>
    public static (bool Features, int C, int H, int W) CheckInput(DataViewSchema schema, string column, string trainer)
    {
        var col = schema.GetColumnOrNull(column)
            ?? throw new ArgumentException($"{trainer}: input column '{column}' not found. Available columns: {Available(schema)}. Use ExtractPixels for images or a Features column for pre-extracted features.");
        return col.Type switch
        {
            VectorDataViewType { Dimensions.Count: 1 } f => (true, f.Dimensions[0], 1, 1),
            VectorDataViewType { Dimensions.Count: 3 } v => (false, v.Dimensions[0], v.Dimensions[1], v.Dimensions[2]),
            _ => throw new ArgumentException($"{trainer}: input column '{column}' has type {col.Type}; expected a fixed-size [C, H, W] pixel vector (ExtractPixels after ResizeImages) or a fixed-size [F] feature vector."),
        };
    }

    /// <summary>Checks that <paramref name="name"/> is a Single column (valence or arousal).</summary>
    public static void CheckSingle(DataViewSchema schema, string name, string what, string trainer)
    {
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"{trainer}: {what} column '{name}' not found. Available columns: {Available(schema)}. For FER+ (votes, no valence/arousal) add derived values with fer.Trainers.DeriveValenceArousal(data).");
        if (col.Type is not NumberDataViewType n || n.RawType != typeof(float))
            throw new ArgumentException($"{trainer}: {what} column '{name}' has type {col.Type}; expected Single.");
    }

    /// <summary>Reads inputs, labels, valence and arousal into memory (features as [F, 1, 1] "images").</summary>
    public static ImageTensorSet Read(IDataView data, string inputColumn, string labelColumn, string valenceColumn, string arousalColumn, string trainer)
    {
        var (_, c, h, w) = CheckInput(data.Schema, inputColumn, trainer);
        IReadOnlyList<string> classes = TrainingData.CheckLabel(data.Schema, labelColumn, trainer);
        CheckSingle(data.Schema, valenceColumn, "valence", trainer);
        CheckSingle(data.Schema, arousalColumn, "arousal", trainer);
        DataViewSchema.Column input = data.Schema[inputColumn], label = data.Schema[labelColumn], val = data.Schema[valenceColumn], aro = data.Schema[arousalColumn];
        int per = c * h * w;
        var values = new List<float>();
        var labels = new List<int>();
        var valence = new List<float>();
        var arousal = new List<float>();
        using (DataViewRowCursor cursor = data.GetRowCursor([input, label, val, aro]))
        {
            while (cursor.MoveNext())
            {
                var x = (float[]?)cursor.GetBoxedValue(input) ?? throw new ArgumentException($"{trainer}: row {cursor.Position} has no value in '{inputColumn}'.");
                if (x.Length != per) throw new ArgumentException($"{trainer}: row {cursor.Position} of '{inputColumn}' has {x.Length} values; expected {per}.");
                values.AddRange(x);
                labels.Add((int)cursor.GetBoxedValue(label)!);
                valence.Add((float)cursor.GetBoxedValue(val)!);
                arousal.Add((float)cursor.GetBoxedValue(aro)!);
            }
        }
        if (labels.Count == 0) throw new ArgumentException($"{trainer}: the data has no rows.");
        return new ImageTensorSet([.. values], c, h, w, [.. labels], valence: [.. valence], arousal: [.. arousal], classNames: classes.Count > 0 ? classes : null);
    }

    private static string Available(DataViewSchema schema) => string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"));
}
