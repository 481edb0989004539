using Fer.MLNet.Data;
using Fer.Tensors.Random;

namespace Fer.MLNet.Tests.Trainers.GcnMultitask;

/// <summary>Small in-memory views for the GCN multi-task estimator: feature vectors or 32x32 grey pixels, labels with names, valence and arousal.</summary>
internal static class AffectViews
{
    public static readonly string[] Classes = ["neutral", "happiness", "sadness"];

    /// <summary>Columns Features [F] (class mean + noise), Label, Valence, Arousal (class values + noise; the last row's arousal missing).</summary>
    public static InMemoryDataView Features(int rows, int featureSize, ulong seed)
    {
        var g = new Generator(seed);
        var means = new float[Classes.Length][];
        var mg = new Generator(11);
        for (int k = 0; k < means.Length; k++) means[k] = [.. Enumerable.Range(0, featureSize).Select(_ => (float)(2 * mg.NextNormal()))];
        float[] v = [0f, 0.8f, -0.7f], a = [-0.5f, 0.4f, -0.2f];
        var x = new object?[rows];
        var labels = new object?[rows];
        var valence = new object?[rows];
        var arousal = new object?[rows];
        for (int i = 0; i < rows; i++)
        {
            int k = i % Classes.Length;
            x[i] = means[k].Select(m => m + (float)g.NextNormal()).ToArray();
            labels[i] = k;
            valence[i] = v[k] + 0.1f * (float)g.NextNormal();
            arousal[i] = i == rows - 1 ? float.NaN : a[k] + 0.1f * (float)g.NextNormal();
        }
        var schema = new DataViewSchema.Builder()
            .AddColumn("Features", new VectorDataViewType(featureSize))
            .AddColumn("Label", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = Classes })
            .AddColumn("Valence", NumberDataViewType.Single)
            .AddColumn("Arousal", NumberDataViewType.Single)
            .ToSchema();
        return new InMemoryDataView(schema, [x, labels, valence, arousal]);
    }

    /// <summary>Columns Pixels [1, 32, 32], Label, Valence, Arousal.</summary>
    public static InMemoryDataView Pixels(int rows, ulong seed)
    {
        var g = new Generator(seed);
        var x = new object?[rows];
        var labels = new object?[rows];
        var valence = new object?[rows];
        var arousal = new object?[rows];
        for (int i = 0; i < rows; i++)
        {
            int k = i % Classes.Length;
            x[i] = Enumerable.Range(0, 32 * 32).Select(p => (float)(k * 0.3 + 0.2 * g.NextDouble() + (p % 32 < 16 ? 0.1 * k : 0))).ToArray();
            labels[i] = k;
            valence[i] = k * 0.5f - 0.5f;
            arousal[i] = 0.3f - k * 0.2f;
        }
        var schema = new DataViewSchema.Builder()
            .AddColumn("Pixels", new VectorDataViewType(1, 32, 32))
            .AddColumn("Label", NumberDataViewType.Int32, new DataViewAnnotations { KeyValues = Classes })
            .AddColumn("Valence", NumberDataViewType.Single)
            .AddColumn("Arousal", NumberDataViewType.Single)
            .ToSchema();
        return new InMemoryDataView(schema, [x, labels, valence, arousal]);
    }
}
