using Fer.Transforms.Datasets;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Data.Loading;

/// <summary>
/// Turns the rows of a Fer.Transforms dataset reader into an in-memory data view with the
/// standard columns:
/// <list type="bullet">
/// <item><c>Path</c> (string): the image file, absolute; or <c>Image</c> (image) for datasets that hold pixels (FER2013 CSV);</item>
/// <item><c>Label</c> (Int32, 0-based in the dataset's label scheme, class names in its annotations; -1 when unlabelled) and <c>LabelName</c> (string);</item>
/// <item>when the dataset has them: <c>Votes</c> and <c>Distribution</c> (vectors), <c>FaceBox</c> (x, y, w, h), <c>Valence</c>/<c>Arousal</c> (NaN when missing), <c>Landmarks</c>, <c>Group</c> (person id).</item>
/// </list>
/// </summary>
public static class DatasetView
{
    /// <summary>The view of a reader's result.</summary>
    public static InMemoryDataView FromRows(DatasetReadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<DatasetRow> rows = result.Rows;
        var builder = new DataViewSchema.Builder();
        var columns = new List<object?[]>();
        void Add(string name, DataViewType type, Func<DatasetRow, object?> value, DataViewAnnotations? ann = null)
        {
            builder.AddColumn(name, type, ann);
            columns.Add(rows.Select(value).ToArray());
        }

        bool raw = rows.Any(r => r.Image.Kind == ImageSourceKind.RawPixels);
        if (raw)
            Add("Image", new ImageDataViewType(), r => r.Image.Kind == ImageSourceKind.RawPixels
                ? new Image(r.Image.Width, r.Image.Height, 1, r.Image.Pixels.ToArray())
                : Image.Load(r.Image.Path!));
        else
            Add("Path", TextDataViewType.Instance, r => r.Image.Path!);
        var names = result.Scheme.Names;
        Add("Label", NumberDataViewType.Int32, r => r.LabelIndex, new DataViewAnnotations { KeyValues = names });
        Add("LabelName", TextDataViewType.Instance, r => r.LabelIndex >= 0 && r.LabelIndex < names.Count ? names[r.LabelIndex] : "");
        AddVector("Votes", r => r.Votes);
        AddVector("Distribution", r => r.Distribution);
        AddVector("Landmarks", r => r.Landmarks, fixedSize: false);
        if (rows.Any(r => r.Box is not null))
            Add("FaceBox", new VectorDataViewType(4), r => r.Box is { } b ? new float[] { b.X, b.Y, b.Width, b.Height } : new float[] { 0, 0, 0, 0 });
        if (rows.Any(r => r.Valence is not null || r.Arousal is not null))
        {
            Add("Valence", NumberDataViewType.Single, r => r.Valence ?? float.NaN);
            Add("Arousal", NumberDataViewType.Single, r => r.Arousal ?? float.NaN);
        }
        if (rows.Any(r => r.GroupId is not null))
            Add("Group", TextDataViewType.Instance, r => r.GroupId ?? "");
        return new InMemoryDataView(builder.ToSchema(), columns);

        void AddVector(string name, Func<DatasetRow, float[]?> get, bool fixedSize = true)
        {
            float[]? first = rows.Select(get).FirstOrDefault(v => v is not null);
            if (first is null) return;
            bool same = fixedSize && rows.All(r => get(r) is null || get(r)!.Length == first.Length);
            Add(name, same ? new VectorDataViewType(first.Length) : new VectorDataViewType(), r => get(r) ?? new float[same ? first.Length : 0]);
        }
    }
}
