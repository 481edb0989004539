using Fer.Cli.Infrastructure;
using Fer.MLNet.Data;
using Fer.Transforms.Taxonomy;

namespace Fer.Cli.Data;

/// <summary>
/// Puts a dataset's labels in a model's class order, so that class index k means the same expression on
/// both sides: names match exactly (ignoring case) or through the expression taxonomy (FER+ "happiness"
/// = face-api "happy"). Rows whose class the model lacks (e.g. contempt for a 7-class model) are
/// removed and counted; unlabelled rows (-1) are kept as such.
/// </summary>
internal static class LabelAlignment
{
    /// <summary>The aligned rows, and how many rows of which class were removed.</summary>
    public sealed record Result(InMemoryDataView Data, IReadOnlyDictionary<string, int> Excluded)
    {
        public int ExcludedCount => Excluded.Values.Sum();
    }

    /// <summary>Maps the Label column of <paramref name="data"/> (class names in its KeyValues) to <paramref name="modelClasses"/>.</summary>
    /// <exception cref="CliException">No class of the data has a counterpart in the model.</exception>
    public static Result Align(InMemoryDataView data, IReadOnlyList<string> modelClasses)
    {
        ArgumentNullException.ThrowIfNull(data);
        var label = data.Schema["Label"];
        IReadOnlyList<string> dataClasses = label.Annotations.KeyValues ?? throw new CliException("The data's Label column does not name its classes.");
        int?[] map = [.. dataClasses.Select(name => Find(name, modelClasses))];
        if (map.All(m => m is null))
            throw new CliException($"The data's classes [{string.Join(", ", dataClasses)}] have no counterpart among the model's [{string.Join(", ", modelClasses)}].");

        int n = (int)data.GetRowCount()!.Value;
        var keep = new List<int>(n);
        var excluded = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < n; r++)
        {
            int k = (int)data.GetValue(r, label.Index)!;
            if (k >= 0 && map[k] is null)
            {
                excluded[dataClasses[k]] = excluded.GetValueOrDefault(dataClasses[k]) + 1;
                continue;
            }
            keep.Add(r);
        }

        var builder = new DataViewSchema.Builder();
        foreach (var c in data.Schema)
            builder.AddColumn(c.Name, c.Type, c.Index == label.Index ? new DataViewAnnotations { KeyValues = modelClasses } : c.Annotations);
        var columns = new List<object?[]>();
        for (int c = 0; c < data.Schema.Count; c++)
        {
            columns.Add([.. keep.Select(r =>
            {
                object? value = data.GetValue(r, c);
                if (c != label.Index) return value;
                int k = (int)value!;
                return (object)(k < 0 ? -1 : map[k]!.Value);
            })]);
        }
        return new Result(new InMemoryDataView(builder.ToSchema(), columns), excluded);
    }

    /// <summary>The model's position for a data class name, or null.</summary>
    internal static int? Find(string name, IReadOnlyList<string> modelClasses)
    {
        for (int i = 0; i < modelClasses.Count; i++)
            if (string.Equals(modelClasses[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        if (!ExpressionNames.TryParse(name, out Expression expression)) return null;
        for (int i = 0; i < modelClasses.Count; i++)
            if (ExpressionNames.TryParse(modelClasses[i], out Expression other) && other == expression) return i;
        return null;
    }
}
