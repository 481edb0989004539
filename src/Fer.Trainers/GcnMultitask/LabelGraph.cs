using System.Globalization;
using System.Text;
using Fer.Tensors;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// The fixed graph over the label nodes (the K expressions, then valence and arousal) that the GCN
/// head propagates over, built from the training labels as Antoniadis, Filntisis &amp; Maragos (FG 2021)
/// describe, after ML-GCN (Chen et al., CVPR 2019):
/// <list type="number">
/// <item><b>Correlations</b> C: the absolute Spearman correlation between every pair of label columns
/// (the one-hot expression indicators and the valence and arousal values); undefined correlations (a
/// constant column, e.g. a class absent from the data) count as 0.</item>
/// <item><b>Expression edges removed</b>: C[i, j] = 0 for two different expressions (one-hot
/// indicators are negatively correlated by construction, which says nothing about the emotions).</item>
/// <item><b>Binarised</b> with threshold tau: B[i, j] = 1 when C[i, j] &gt;= tau (the diagonal is 1).</item>
/// <item><b>Re-weighted</b> with p against over-smoothing: a node keeps 1 - p of itself and spreads p
/// evenly over its neighbours, A[i, j] = p B[i, j] / (number of neighbours of i) for j != i and
/// A[i, i] = 1 - p; a node without neighbours keeps A[i, i] = 1.</item>
/// <item><b>Normalised</b>: Â = D^-1/2 A D^-1/2 with D the row sums of A.</item>
/// </list>
/// Row i of Â holds the weights node i gathers from the others (H' = Â H W). The authors' released
/// code applies the normalisation to the transpose of A; with the re-weighting every row of A sums to
/// 1 (D = I), so the two differ only in which way the re-weighted edges point.
/// </summary>
public sealed class LabelGraph
{
    private LabelGraph(IReadOnlyList<string> nodeNames, int expressionCount, double threshold, double reweight,
        double[,] correlations, double[,] binary, double[,] reweighted, double[,] adjacency)
    {
        NodeNames = nodeNames;
        ExpressionCount = expressionCount;
        Threshold = threshold;
        Reweight = reweight;
        Correlations = correlations;
        Binary = binary;
        Reweighted = reweighted;
        Adjacency = adjacency;
    }

    /// <summary>Node names: the expressions in label order, then "valence" and "arousal".</summary>
    public IReadOnlyList<string> NodeNames { get; }

    /// <summary>Number of expression nodes (K); the graph has K + 2 nodes.</summary>
    public int ExpressionCount { get; }

    /// <summary>Number of nodes (K + 2).</summary>
    public int NodeCount => NodeNames.Count;

    /// <summary>The binarisation threshold tau.</summary>
    public double Threshold { get; }

    /// <summary>The re-weighting factor p.</summary>
    public double Reweight { get; }

    /// <summary>Absolute Spearman correlations of the label columns [nodes, nodes] (before any edge is removed).</summary>
    public double[,] Correlations { get; }

    /// <summary>The binarised graph after removing expression-to-expression edges [nodes, nodes].</summary>
    public double[,] Binary { get; }

    /// <summary>The re-weighted graph [nodes, nodes].</summary>
    public double[,] Reweighted { get; }

    /// <summary>The normalised adjacency Â the GCN uses [nodes, nodes].</summary>
    public double[,] Adjacency { get; }

    /// <summary>
    /// Builds the graph from training labels: class indices (-1 = unlabelled, left out of the
    /// correlations) and valence/arousal per example (NaN = missing: a pair of columns uses the rows where
    /// both are present).
    /// </summary>
    /// <param name="labels">Class index per example.</param>
    /// <param name="valence">Valence per example.</param>
    /// <param name="arousal">Arousal per example.</param>
    /// <param name="classNames">The K expression names (K &gt;= 1).</param>
    /// <param name="threshold">tau in [0, 1].</param>
    /// <param name="reweight">p in [0, 1).</param>
    /// <exception cref="ArgumentException">Lengths differ, a label is outside [-1, K), or no example is labelled.</exception>
    /// <exception cref="ArgumentOutOfRangeException">tau or p is outside its range.</exception>
    public static LabelGraph Build(ReadOnlySpan<int> labels, ReadOnlySpan<float> valence, ReadOnlySpan<float> arousal,
        IReadOnlyList<string> classNames, double threshold = 0.1, double reweight = 0.5)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count < 1) throw new ArgumentException("At least one class is needed.", nameof(classNames));
        if (valence.Length != labels.Length || arousal.Length != labels.Length)
            throw new ArgumentException($"There are {labels.Length} labels, {valence.Length} valence and {arousal.Length} arousal values; they must match.", nameof(valence));
        CheckRange(threshold, reweight);
        int k = classNames.Count;
        var rows = new List<int>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < -1 || labels[i] >= k) throw new ArgumentException($"Label {labels[i]} of example {i} is outside [-1, {k}).", nameof(labels));
            if (labels[i] >= 0) rows.Add(i);
        }
        if (rows.Count == 0) throw new ArgumentException("No example is labelled; the graph needs labelled training data.", nameof(labels));
        var columns = new double[k + 2][];
        for (int c = 0; c < columns.Length; c++) columns[c] = new double[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            int i = rows[r];
            columns[labels[i]][r] = 1;
            columns[k][r] = valence[i];
            columns[k + 1][r] = arousal[i];
        }
        double[,] correlations = AbsoluteCorrelations(columns);
        return FromCorrelations(correlations, [.. classNames, "valence", "arousal"], threshold, reweight);
    }

    /// <summary>Builds the graph from an absolute correlation matrix over K expressions + valence + arousal.</summary>
    /// <exception cref="ArgumentException">The matrix is not square, does not match the names, or holds values outside [0, 1].</exception>
    public static LabelGraph FromCorrelations(double[,] correlations, IReadOnlyList<string> nodeNames, double threshold = 0.1, double reweight = 0.5)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        ArgumentNullException.ThrowIfNull(nodeNames);
        int n = nodeNames.Count;
        if (n < 3 || correlations.GetLength(0) != n || correlations.GetLength(1) != n)
            throw new ArgumentException($"The correlation matrix is {correlations.GetLength(0)}x{correlations.GetLength(1)}; expected {n}x{n} for nodes {string.Join(", ", nodeNames)} (K expressions, valence, arousal).", nameof(correlations));
        foreach (double v in correlations)
            if (!(v >= 0 && v <= 1)) throw new ArgumentException($"Correlation {v} is outside [0, 1]; pass absolute correlations.", nameof(correlations));
        CheckRange(threshold, reweight);
        double[,] binary = Binarize(RemoveExpressionEdges(correlations, n - 2), threshold);
        double[,] reweighted = ReweightEdges(binary, reweight);
        return new LabelGraph(nodeNames, n - 2, threshold, reweight, (double[,])correlations.Clone(), binary, reweighted, Normalize(reweighted));
    }

    /// <summary>|Spearman| between every pair of columns; undefined (NaN) correlations become 0.</summary>
    internal static double[,] AbsoluteCorrelations(IReadOnlyList<double[]> columns)
    {
        double[,] m = SpearmanCorrelation.Matrix(columns);
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++)
                m[i, j] = double.IsNaN(m[i, j]) ? (i == j ? 1 : 0) : Math.Min(1, Math.Abs(m[i, j]));
        return m;
    }

    /// <summary>Zeroes C[i, j] for two different expression nodes (i, j &lt; K).</summary>
    internal static double[,] RemoveExpressionEdges(double[,] c, int expressions)
    {
        var m = (double[,])c.Clone();
        for (int i = 0; i < expressions; i++)
            for (int j = 0; j < expressions; j++)
                if (i != j) m[i, j] = 0;
        return m;
    }

    /// <summary>1 where C[i, j] &gt;= tau and on the diagonal, else 0.</summary>
    internal static double[,] Binarize(double[,] c, double threshold)
    {
        int n = c.GetLength(0);
        var b = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                b[i, j] = i == j || c[i, j] >= threshold ? 1 : 0;
        return b;
    }

    /// <summary>A[i, j] = p B[i, j] / neighbours(i) off the diagonal, A[i, i] = 1 - p (1 without neighbours).</summary>
    internal static double[,] ReweightEdges(double[,] b, double p)
    {
        int n = b.GetLength(0);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            double neighbours = 0;
            for (int j = 0; j < n; j++) if (j != i) neighbours += b[i, j];
            for (int j = 0; j < n; j++)
                a[i, j] = j == i ? (neighbours > 0 ? 1 - p : 1) : (neighbours > 0 ? p * b[i, j] / neighbours : 0);
        }
        return a;
    }

    /// <summary>D^-1/2 A D^-1/2 with D the row sums (rows summing to 0 stay 0).</summary>
    internal static double[,] Normalize(double[,] a)
    {
        int n = a.GetLength(0);
        var d = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += a[i, j];
            d[i] = s > 0 ? 1 / Math.Sqrt(s) : 0;
        }
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i, j] = d[i] * a[i, j] * d[j];
        return m;
    }

    /// <summary>The normalised adjacency as a float tensor [nodes, nodes].</summary>
    public Tensor ToTensor()
    {
        int n = NodeCount;
        var data = new float[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                data[i * n + j] = (float)Adjacency[i, j];
        return Tensor.Wrap(data, n, n);
    }

    /// <summary>
    /// The correlations and the final adjacency as aligned text tables (what <c>fer train gcn-multitask
    /// --verbose</c> prints), with tau and p.
    /// </summary>
    public string FormatAdjacency()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Label graph: {ExpressionCount} expressions + valence + arousal, tau = {Threshold}, p = {Reweight}").AppendLine();
        sb.AppendLine("|Spearman| correlations of the training labels:");
        sb.Append(FormatMatrix(Correlations, NodeNames));
        sb.AppendLine("Adjacency D^-1/2 A D^-1/2 (row i = weights node i gathers):");
        sb.Append(FormatMatrix(Adjacency, NodeNames));
        return sb.ToString();
    }

    /// <summary>A square matrix as a text table with row and column names, three decimals.</summary>
    public static string FormatMatrix(double[,] m, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(names);
        int n = names.Count;
        if (m.GetLength(0) != n || m.GetLength(1) != n) throw new ArgumentException($"The matrix is {m.GetLength(0)}x{m.GetLength(1)} for {n} names.", nameof(m));
        int width = Math.Max(6, names.Max(s => s.Length)) + 1;
        var sb = new StringBuilder();
        sb.Append(new string(' ', width));
        foreach (string name in names) sb.Append(name.PadLeft(width));
        sb.AppendLine();
        for (int i = 0; i < n; i++)
        {
            sb.Append(names[i].PadRight(width));
            for (int j = 0; j < n; j++) sb.Append(m[i, j].ToString("0.000", CultureInfo.InvariantCulture).PadLeft(width));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static void CheckRange(double threshold, double reweight)
    {
        if (!(threshold >= 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold tau must be in [0, 1].");
        if (!(reweight >= 0 && reweight < 1)) throw new ArgumentOutOfRangeException(nameof(reweight), reweight, "The re-weighting p must be in [0, 1).");
    }
}
