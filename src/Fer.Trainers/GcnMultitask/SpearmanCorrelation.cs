namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// Spearman's rank correlation: the Pearson correlation of the ranks, with tied values given the
/// mean of the ranks they span (so a one-hot label column, almost all ties, is ranked correctly).
/// </summary>
public static class SpearmanCorrelation
{
    /// <summary>The 1-based ranks of <paramref name="values"/>; ties get the average of the ranks they occupy.</summary>
    /// <exception cref="ArgumentException">A value is NaN.</exception>
    public static double[] Ranks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var order = new int[n];
        var keys = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(values[i])) throw new ArgumentException($"Value {i} is NaN; ranks need comparable values.", nameof(values));
            order[i] = i;
            keys[i] = values[i];
        }
        Array.Sort(keys, order);
        var ranks = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            // Positions start..end-1 hold one value: each gets the mean of ranks start+1..end.
            double rank = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
        return ranks;
    }

    /// <summary>
    /// Spearman's rho of two equally long series over the pairs where both values are present (not
    /// NaN). Returns NaN when fewer than two pairs remain or either series is constant over them
    /// (the correlation is undefined there).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException($"The series have {x.Length} and {y.Length} values; they must be equally long.", nameof(y));
        var xs = new List<double>(x.Length);
        var ys = new List<double>(y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i])) continue;
            xs.Add(x[i]);
            ys.Add(y[i]);
        }
        if (xs.Count < 2) return double.NaN;
        return Pearson(Ranks(xs.ToArray()), Ranks(ys.ToArray()));
    }

    /// <summary>The symmetric matrix of <see cref="Compute"/> over every pair of <paramref name="columns"/> (diagonal 1 unless a column is constant).</summary>
    /// <exception cref="ArgumentException">The columns differ in length.</exception>
    public static double[,] Matrix(IReadOnlyList<double[]> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int k = columns.Count;
        var m = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = i; j < k; j++)
                m[i, j] = m[j, i] = Compute(columns[i], columns[j]);
        return m;
    }

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? double.NaN : sab / Math.Sqrt(saa * sbb);
    }
}
