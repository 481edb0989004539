using Fer.MLNet;
using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Transforms;
using Fer.Transforms.Imaging;

namespace Fer.Generalisation;

/// <summary>
/// The preprocessing every dataset goes through (the same pipeline, fitted on each): load, grey,
/// area-resize to 48x48, pixels in [0, 1] as [1, 48, 48]. Photos from another source (lfw-expressions)
/// first go through the face detector (the largest face, cropped with a 10 % margin; the whole image
/// when none is found) and also get face-api's 256 features of that crop ("FaceApiFeatures"). The result
/// is kept in memory with only the columns the report reads.
/// </summary>
internal static class Featurizer
{
    internal const int Side = 48;

    internal static InMemoryDataView Run(FerContext fer, IDataView raw, string what, bool detectFaces = false)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var load = new EstimatorChain<ITransformer>().Append<ITransformer>(fer.Transforms.LoadImages("Image"));
        if (detectFaces)
        {
            load = load.Append<ITransformer>(fer.Transforms.DetectAndCropFaces("Image", "Image", margin: 0.1f, noFace: NoFaceHandling.KeepWholeImage))
                .Append<ITransformer>(fer.Transforms.PretrainedFeatures("FaceApiFeatures", "Image"));
        }
        var pipeline = load
            .Append<ITransformer>(fer.Transforms.ConvertToGrayscale("Image"))
            .Append<ITransformer>(fer.Transforms.ResizeImages("Image", Side, Side, interpolation: ResizeMode.Area))
            .Append<ITransformer>(fer.Transforms.ExtractPixels("Pixels", "Image", PixelColorMode.Grey));
        IDataView view = pipeline.Fit(raw).Transform(raw);
        string[] keep = [.. new[] { "Pixels", "Label", "Distribution", "Group", "FaceFound", "FaceApiFeatures" }.Where(c => view.Schema.GetColumnOrNull(c) is not null)];
        var builder = new DataViewSchema.Builder();
        var columns = new List<object?[]>();
        foreach (string name in keep)
        {
            DataViewSchema.Column c = view.Schema[name];
            builder.AddColumn(name, c.Type, c.Annotations);
        }
        var values = keep.Select(_ => new List<object?>()).ToArray();
        using (DataViewRowCursor cursor = view.GetRowCursor(keep.Select(k => view.Schema[k])))
        {
            while (cursor.MoveNext())
                for (int i = 0; i < keep.Length; i++) values[i].Add(cursor.GetBoxedValue(view.Schema[keep[i]]));
        }
        foreach (var v in values) columns.Add([.. v]);
        var result = new InMemoryDataView(builder.ToSchema(), columns);
        Console.WriteLine($"{what}: {result.GetRowCount()} images featurized in {clock.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    /// <summary>A column as an array.</summary>
    internal static T[] Column<T>(IDataView view, string name) => [.. DataCatalog.GetColumn<T>(view, name)];

    /// <summary>A vector column flattened row-major, with its row length.</summary>
    internal static (float[] Values, int Dimension) Matrix(IDataView view, string name)
    {
        float[][] rows = Column<float[]>(view, name);
        int d = rows[0].Length;
        var m = new float[rows.Length * d];
        for (int i = 0; i < rows.Length; i++) rows[i].CopyTo(m, i * d);
        return (m, d);
    }
}
