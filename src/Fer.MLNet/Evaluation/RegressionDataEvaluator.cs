using Fer.MLNet.Data;
using Fer.Trainers.Metrics;

namespace Fer.MLNet.Evaluation;

/// <summary>Reads scored rows and computes regression metrics (behind <c>fer.Evaluate.Regression</c> and <c>ValenceArousal</c>).</summary>
internal static class RegressionDataEvaluator
{
    public static RegressionMetrics Regression(FerContext context, IDataView data, string labelColumnName, string scoreColumnName)
    {
        const string Name = "Evaluate.Regression";
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column label = EvaluationColumns.Require(data, Name, nameof(labelColumnName), labelColumnName, NumberDataViewType.Single);
        DataViewSchema.Column score = EvaluationColumns.Require(data, Name, nameof(scoreColumnName), scoreColumnName, NumberDataViewType.Single);
        float[][] values = ReadSingles(data, [label, score]);
        RegressionMetrics metrics;
        try
        {
            metrics = RegressionEvaluator.Evaluate(values[0], values[1]);
        }
        catch (ArgumentException e)
        {
            throw EvaluationColumns.Explain(Name, e, $"truth = column '{labelColumnName}', predicted = column '{scoreColumnName}'");
        }
        LogMissing(context, Name, labelColumnName, metrics.MissingCount, values[0].Length);
        context.WriteLog(Name, metrics.ToString());
        return metrics;
    }

    public static ValenceArousalMetrics ValenceArousal(FerContext context, IDataView data, string valenceColumnName, string arousalColumnName, string predictedValenceColumnName, string predictedArousalColumnName)
    {
        const string Name = "Evaluate.ValenceArousal";
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column[] columns =
        [
            EvaluationColumns.Require(data, Name, nameof(valenceColumnName), valenceColumnName, NumberDataViewType.Single),
            EvaluationColumns.Require(data, Name, nameof(predictedValenceColumnName), predictedValenceColumnName, NumberDataViewType.Single),
            EvaluationColumns.Require(data, Name, nameof(arousalColumnName), arousalColumnName, NumberDataViewType.Single),
            EvaluationColumns.Require(data, Name, nameof(predictedArousalColumnName), predictedArousalColumnName, NumberDataViewType.Single),
        ];
        float[][] v = ReadSingles(data, columns);
        ValenceArousalMetrics metrics;
        try
        {
            metrics = RegressionEvaluator.EvaluateValenceArousal(v[0], v[1], v[2], v[3]);
        }
        catch (ArgumentException e)
        {
            throw EvaluationColumns.Explain(Name, e,
                $"Valence: truth = column '{valenceColumnName}', predicted = column '{predictedValenceColumnName}'; " +
                $"Arousal: truth = column '{arousalColumnName}', predicted = column '{predictedArousalColumnName}'");
        }
        LogMissing(context, Name, valenceColumnName, metrics.Valence.MissingCount, v[0].Length);
        LogMissing(context, Name, arousalColumnName, metrics.Arousal.MissingCount, v[0].Length);
        context.WriteLog(Name, metrics.ToString());
        return metrics;
    }

    private static float[][] ReadSingles(IDataView data, DataViewSchema.Column[] columns)
    {
        var values = columns.Select(_ => new List<float>()).ToArray();
        EvaluationColumns.ForEachRow(data, columns, cursor =>
        {
            for (int c = 0; c < columns.Length; c++) values[c].Add((float)cursor.GetBoxedValue(columns[c])!);
        });
        return [.. values.Select(v => v.ToArray())];
    }

    private static void LogMissing(FerContext context, string name, string column, int missing, int rows)
    {
        if (missing > 0) context.WriteLog(name, $"skipped {missing} of {rows} rows with a missing (NaN) value in '{column}'.", LogSeverity.Warning);
    }
}
