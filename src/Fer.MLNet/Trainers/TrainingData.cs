using Fer.MLNet.Data;
using Fer.Trainers.Data;

namespace Fer.MLNet.Trainers;

/// <summary>Reads the columns a trainer needs from a data view into an in-memory <see cref="ImageTensorSet"/>.</summary>
public static class TrainingData
{
    /// <summary>The expected feature column type: a fixed [C, H, W] vector (what ExtractPixels writes after ResizeImages).</summary>
    public static (int C, int H, int W) CheckFeatures(DataViewSchema schema, string featureColumnName, string trainer)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var col = schema.GetColumnOrNull(featureColumnName)
            ?? throw new ArgumentException($"{trainer}: feature column '{featureColumnName}' not found. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}. Add ExtractPixels after ResizeImages.");
        if (col.Type is not VectorDataViewType { Dimensions.Count: 3 } v)
            throw new ArgumentException($"{trainer}: feature column '{featureColumnName}' has type {col.Type}; expected a fixed-size [C, H, W] vector (ExtractPixels after ResizeImages).");
        return (v.Dimensions[0], v.Dimensions[1], v.Dimensions[2]);
    }

    /// <summary>Checks that <paramref name="name"/> is an Int32 label column and returns its class names.</summary>
    public static IReadOnlyList<string> CheckLabel(DataViewSchema schema, string name, string trainer)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var col = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"{trainer}: label column '{name}' not found. Available columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.");
        if (col.Type is not NumberDataViewType n || n.RawType != typeof(int))
            throw new ArgumentException($"{trainer}: label column '{name}' has type {col.Type}; expected Int32 class indices (use MapValueToKey for text labels).");
        return col.Annotations.KeyValues ?? [];
    }

    /// <summary>
    /// Reads images and labels (and, when the columns exist and are asked for, a probability-target
    /// vector and valence/arousal) into memory. Rows with label -1 are kept (they count as unlabelled).
    /// </summary>
    public static ImageTensorSet Read(IDataView data, string featureColumnName, string labelColumnName, string? probabilityColumnName = null,
        string? valenceColumnName = null, string? arousalColumnName = null, string trainer = "Trainer")
    {
        ArgumentNullException.ThrowIfNull(data);
        var (c, h, w) = CheckFeatures(data.Schema, featureColumnName, trainer);
        IReadOnlyList<string> classes = CheckLabel(data.Schema, labelColumnName, trainer);
        var feature = data.Schema[featureColumnName];
        var label = data.Schema[labelColumnName];
        DataViewSchema.Column? prob = probabilityColumnName is null ? null : data.Schema.GetColumnOrNull(probabilityColumnName);
        if (prob is { Type: not VectorDataViewType }) prob = null;
        DataViewSchema.Column? val = valenceColumnName is null ? null : data.Schema.GetColumnOrNull(valenceColumnName);
        DataViewSchema.Column? aro = arousalColumnName is null ? null : data.Schema.GetColumnOrNull(arousalColumnName);
        var needed = new List<DataViewSchema.Column> { feature, label };
        foreach (var col in new[] { prob, val, aro }) if (col is { } x) needed.Add(x);

        var images = new List<float>();
        var labels = new List<int>();
        var targets = new List<float>();
        var valence = new List<float>();
        var arousal = new List<float>();
        int per = c * h * w, targetWidth = 0;
        using (DataViewRowCursor cursor = data.GetRowCursor(needed))
        {
            while (cursor.MoveNext())
            {
                var pixels = (float[])cursor.GetBoxedValue(feature)!;
                if (pixels.Length != per) throw new ArgumentException($"{trainer}: row {cursor.Position} has {pixels.Length} feature values; expected {per}.");
                images.AddRange(pixels);
                labels.Add((int)cursor.GetBoxedValue(label)!);
                if (prob is { } p)
                {
                    var t = (float[])cursor.GetBoxedValue(p)!;
                    if (targetWidth == 0) targetWidth = t.Length;
                    if (t.Length != targetWidth) throw new ArgumentException($"{trainer}: row {cursor.Position} of '{p.Name}' has {t.Length} values; expected {targetWidth}.");
                    targets.AddRange(t);
                }
                if (val is { } v) valence.Add((float)cursor.GetBoxedValue(v)!);
                if (aro is { } a) arousal.Add((float)cursor.GetBoxedValue(a)!);
            }
        }
        if (labels.Count == 0) throw new ArgumentException($"{trainer}: the data has no rows.");
        return new ImageTensorSet([.. images], c, h, w, [.. labels], prob is null ? null : [.. targets], targetWidth,
            val is null ? null : [.. valence], aro is null ? null : [.. arousal], classes.Count > 0 ? classes : null);
    }
}
