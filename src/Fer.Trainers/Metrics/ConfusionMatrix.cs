using System.Text;
using System.Text.Json.Serialization;

namespace Fer.Trainers.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs: <c>Counts[t][p]</c> is the number of rows of true
/// class t predicted as p (rows are the truth, columns the prediction, as in scikit-learn's
/// <c>confusion_matrix</c>).
/// </summary>
public sealed class ConfusionMatrix
{
    /// <summary>Creates a matrix from square counts [C][C] and C class names (both kept, not copied).</summary>
    /// <exception cref="ArgumentException">The counts are not C x C, or a count is negative.</exception>
    [JsonConstructor]
    public ConfusionMatrix(IReadOnlyList<string> classNames, int[][] counts)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(counts);
        int c = classNames.Count;
        if (counts.Length != c)
            throw new ArgumentException($"The confusion matrix has {counts.Length} rows but {c} class names were given.", nameof(counts));
        for (int t = 0; t < c; t++)
        {
            if (counts[t] is null || counts[t].Length != c)
                throw new ArgumentException($"Row {t} of the confusion matrix has {counts[t]?.Length ?? 0} columns; expected {c}.", nameof(counts));
            for (int p = 0; p < c; p++)
                if (counts[t][p] < 0) throw new ArgumentException($"Confusion count [{t}][{p}] is negative ({counts[t][p]}).", nameof(counts));
        }
        ClassNames = classNames;
        Counts = counts;
    }

    /// <summary>The class names, in index order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Counts [C][C]: row = true class, column = predicted class.</summary>
    public int[][] Counts { get; }

    /// <summary>The number of classes C.</summary>
    [JsonIgnore]
    public int ClassCount => ClassNames.Count;

    /// <summary>
    /// Each row divided by its sum (the recall of the true class spread over the predictions), as
    /// scikit-learn's <c>normalize="true"</c>; a row with no rows of that class is all zeros.
    /// </summary>
    public double[][] RowNormalized
    {
        get
        {
            var result = new double[ClassCount][];
            for (int t = 0; t < ClassCount; t++)
            {
                long sum = RowSum(t);
                result[t] = new double[ClassCount];
                if (sum == 0) continue;
                for (int p = 0; p < ClassCount; p++) result[t][p] = (double)Counts[t][p] / sum;
            }
            return result;
        }
    }

    /// <summary>The count of rows of true class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    public int this[int trueClass, int predictedClass] => Counts[trueClass][predictedClass];

    /// <summary>The number of rows whose true class is <paramref name="trueClass"/> (its support).</summary>
    public long RowSum(int trueClass)
    {
        long sum = 0;
        foreach (int v in Counts[trueClass]) sum += v;
        return sum;
    }

    /// <summary>The number of rows predicted as <paramref name="predictedClass"/>.</summary>
    public long ColumnSum(int predictedClass)
    {
        long sum = 0;
        for (int t = 0; t < ClassCount; t++) sum += Counts[t][predictedClass];
        return sum;
    }

    /// <summary>A text table (rows: true class, columns: predicted), of counts or of row-normalised fractions.</summary>
    public string ToTable(bool normalized = false)
    {
        var sb = new StringBuilder();
        AppendTable(sb, normalized);
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToTable();

    internal void AppendTable(StringBuilder sb, bool normalized)
    {
        double[][] fractions = normalized ? RowNormalized : [];
        string[] header = ["true \\ predicted", .. ClassNames];
        var rows = new List<string[]>(ClassCount);
        for (int t = 0; t < ClassCount; t++)
        {
            var row = new string[ClassCount + 1];
            row[0] = ClassNames[t];
            for (int p = 0; p < ClassCount; p++)
                row[p + 1] = normalized ? TextTable.Number(fractions[t][p]) : TextTable.Count(Counts[t][p]);
            rows.Add(row);
        }
        TextTable.Append(sb, header, rows);
    }
}
