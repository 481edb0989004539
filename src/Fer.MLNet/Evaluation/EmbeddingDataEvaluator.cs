using Fer.MLNet.Data;
using Fer.Tensors.Random;
using Fer.Trainers.Metrics;

namespace Fer.MLNet.Evaluation;

/// <summary>Reads labelled embeddings and computes triplet accuracy (behind <c>fer.Evaluate.Embeddings</c>).</summary>
internal static class EmbeddingDataEvaluator
{
    private const string Name = "Evaluate.Embeddings";

    public static TripletMetrics Evaluate(FerContext context, IDataView data, string labelColumnName, string featuresColumnName, int triplets, int? seed, DistanceMetric distance)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(triplets);
        DataViewSchema.Column label = EvaluationColumns.Require(data, Name, nameof(labelColumnName), labelColumnName, NumberDataViewType.Int32);
        DataViewSchema.Column features = EvaluationColumns.RequireVector(data, Name, nameof(featuresColumnName), featuresColumnName);
        var labels = new List<int>();
        var embeddings = new List<float[]>();
        EvaluationColumns.ForEachRow(data, [label, features], cursor =>
        {
            labels.Add((int)cursor.GetBoxedValue(label)!);
            embeddings.Add((float[]?)cursor.GetBoxedValue(features)
                ?? throw new ArgumentException($"{Name}: row {cursor.Position} has no value in column '{featuresColumnName}'.", nameof(data)));
        });
        var generator = new Generator(seed is int s ? unchecked((ulong)s) : context.Seed);
        TripletMetrics metrics;
        try
        {
            metrics = TripletEvaluator.Evaluate(embeddings, labels, triplets, generator, distance);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw EvaluationColumns.Explain(Name, e, $"labels = column '{labelColumnName}', embeddings = column '{featuresColumnName}'");
        }
        if (metrics.UnlabelledRowCount > 0)
            context.WriteLog(Name, $"left {metrics.UnlabelledRowCount} unlabelled rows (label -1 in '{labelColumnName}') out of the triplets.", LogSeverity.Warning);
        context.WriteLog(Name, metrics.ToString());
        return metrics;
    }
}
