using Fer.MLNet.Data;

namespace Fer.MLNet.Evaluation;

/// <summary>Column checks and reads shared by the evaluators; errors name the evaluator, the column, its type and what was expected.</summary>
internal static class EvaluationColumns
{
    public static DataViewSchema.Column Require(IDataView data, string evaluator, string parameter, string? name, DataViewType expected)
        => Require(data, evaluator, parameter, name, expected.ToString()!, t => t.Equals(expected));

    public static DataViewSchema.Column RequireVector(IDataView data, string evaluator, string parameter, string? name)
        => Require(data, evaluator, parameter, name, "a float vector (Vector<Single>)", t => t is VectorDataViewType);

    private static DataViewSchema.Column Require(IDataView data, string evaluator, string parameter, string? name, string expected, Func<DataViewType, bool> accepts)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"{evaluator}: {parameter} must name a column.", parameter);
        DataViewSchema.Column column = data.Schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"{evaluator}: column '{name}' ({parameter}) not found. Available columns: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})"))}.", parameter);
        if (!accepts(column.Type))
            throw new ArgumentException($"{evaluator}: column '{name}' ({parameter}) has type {column.Type}; expected {expected}.", parameter);
        return column;
    }

    /// <summary>Reads every row of the given columns, calling <paramref name="row"/> with a reader per column.</summary>
    public static void ForEachRow(IDataView data, IEnumerable<DataViewSchema.Column> columns, Action<DataViewRowCursor> row)
    {
        using DataViewRowCursor cursor = data.GetRowCursor(columns);
        while (cursor.MoveNext()) row(cursor);
    }

    /// <summary>
    /// Rethrows an argument error of the metric code with the evaluator's name and which column each
    /// argument name stands for (the index in brackets is the row).
    /// </summary>
    public static ArgumentException Explain(string evaluator, ArgumentException e, string mapping)
    {
        string message = e.Message;
        string suffix = e.ParamName is null ? "" : $" (Parameter '{e.ParamName}')";
        if (suffix.Length > 0 && message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
        return new ArgumentException($"{evaluator}: {message} [{mapping}; the index in brackets is the row]", e);
    }
}
