using Fer.MLNet.Data;
using Fer.Trainers.Metrics;

namespace Fer.MLNet.Evaluation;

/// <summary>Reads scored rows and computes <see cref="MulticlassMetrics"/> (behind <c>fer.Evaluate.Multiclass</c>).</summary>
internal static class MulticlassDataEvaluator
{
    private const string Name = "Evaluate.Multiclass";

    public static MulticlassMetrics Evaluate(FerContext context, IDataView data, string labelColumnName, string? scoreColumnName, string? predictedLabelColumnName, IReadOnlyList<int>? topK, ScoreKind scoreKind)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (scoreColumnName is null && predictedLabelColumnName is null)
            throw new ArgumentException($"{Name}: give a score column, a predicted-label column or both.", nameof(scoreColumnName));
        DataViewSchema.Column label = EvaluationColumns.Require(data, Name, nameof(labelColumnName), labelColumnName, NumberDataViewType.Int32);
        DataViewSchema.Column? score = scoreColumnName is null ? null : EvaluationColumns.RequireVector(data, Name, nameof(scoreColumnName), scoreColumnName);
        DataViewSchema.Column? predicted = null;
        if (predictedLabelColumnName is not null)
        {
            if (score is not null && data.Schema.GetColumnOrNull(predictedLabelColumnName) is null)
                throw new ArgumentException(
                    $"{Name}: column '{predictedLabelColumnName}' (predictedLabelColumnName) not found; pass predictedLabelColumnName: null to take the arg-max of '{scoreColumnName}'. " +
                    $"Available columns: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.", nameof(predictedLabelColumnName));
            predicted = EvaluationColumns.Require(data, Name, nameof(predictedLabelColumnName), predictedLabelColumnName, NumberDataViewType.Int32);
        }
        IReadOnlyList<string>? names = ClassNames(label, score, predicted);

        var truth = new List<int>();
        var scores = score is null ? null : new List<float[]>();
        var predictions = predicted is null ? null : new List<int>();
        var active = new List<DataViewSchema.Column> { label };
        if (score is not null) active.Add(score.Value);
        if (predicted is not null) active.Add(predicted.Value);
        EvaluationColumns.ForEachRow(data, active, cursor =>
        {
            truth.Add((int)cursor.GetBoxedValue(label)!);
            scores?.Add((float[]?)cursor.GetBoxedValue(score!.Value)
                ?? throw new ArgumentException($"{Name}: row {cursor.Position} has no value in column '{scoreColumnName}'.", nameof(data)));
            predictions?.Add((int)cursor.GetBoxedValue(predicted!.Value)!);
        });
        if (truth.Count == 0) throw new ArgumentException($"{Name}: the data has no rows.", nameof(data));

        MulticlassMetrics metrics;
        try
        {
            metrics = MulticlassEvaluator.Evaluate(truth, scores, predictions, names, scoreKind, topK);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            string scoresPart = scoreColumnName is null ? "" : $", scores = column '{scoreColumnName}'";
            string predictedPart = predictedLabelColumnName is null ? ", predicted = arg-max of the scores" : $", predicted = column '{predictedLabelColumnName}'";
            throw EvaluationColumns.Explain(Name, e, $"truth = column '{labelColumnName}'{scoresPart}{predictedPart}");
        }
        if (metrics.UnlabelledRowCount > 0)
            context.WriteLog(Name, $"skipped {metrics.UnlabelledRowCount} unlabelled rows (label -1 in '{labelColumnName}') of {truth.Count}.", LogSeverity.Warning);
        context.WriteLog(Name, metrics.ToString());
        return metrics;
    }

    /// <summary>
    /// Class names from the Score column's SlotNames, the label's KeyValues or the predicted label's KeyValues;
    /// when several are present they must agree (else the indices would mean different classes).
    /// </summary>
    private static IReadOnlyList<string>? ClassNames(DataViewSchema.Column label, DataViewSchema.Column? score, DataViewSchema.Column? predicted)
    {
        var sources = new List<(string What, IReadOnlyList<string> Names)>();
        if (score?.Annotations.SlotNames is { } slots) sources.Add(($"slot names of '{score.Value.Name}'", slots));
        if (label.Annotations.KeyValues is { } keys) sources.Add(($"key values of '{label.Name}'", keys));
        if (predicted?.Annotations.KeyValues is { } predictedKeys) sources.Add(($"key values of '{predicted.Value.Name}'", predictedKeys));
        if (sources.Count == 0) return null;
        var (firstWhat, first) = sources[0];
        foreach (var (what, names) in sources.Skip(1))
        {
            if (!names.SequenceEqual(first, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException(
                    $"{Name}: the {what} [{string.Join(", ", names)}] differ from the {firstWhat} [{string.Join(", ", first)}]; " +
                    "class indices would mean different classes (map the labels to the model's classes first).");
        }
        if (score is { Type: VectorDataViewType { IsKnownSize: true } v } && v.Size != first.Count)
            throw new ArgumentException($"{Name}: column '{score.Value.Name}' holds {v.Size} scores but the {firstWhat} name {first.Count} classes.");
        return first;
    }
}
