using Fer.Tensors.Random;

namespace Fer.Trainers.Metrics;

/// <summary>
/// Triplet accuracy of embeddings: the fraction of (anchor, positive, negative) triplets with
/// d(anchor, positive) &lt; d(anchor, negative), computed in double precision.
/// </summary>
public static class TripletEvaluator
{
    /// <summary>Scores the given triplets of rows of <paramref name="embeddings"/> (rows [N][D]).</summary>
    /// <exception cref="ArgumentException">
    /// No triplets, an index outside [0, N), embeddings of different lengths or with non-finite values.
    /// </exception>
    public static TripletMetrics Evaluate(IReadOnlyList<float[]> embeddings, IReadOnlyList<Triplet> triplets, DistanceMetric distance = DistanceMetric.Euclidean)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(triplets);
        if (distance is not (DistanceMetric.Euclidean or DistanceMetric.Cosine))
            throw new ArgumentOutOfRangeException(nameof(distance), distance, "Unknown distance.");
        if (triplets.Count == 0) throw new ArgumentException("No triplets to evaluate.", nameof(triplets));
        var checkedRows = new bool[embeddings.Count];
        int dims = -1;
        long hits = 0;
        double positiveSum = 0, negativeSum = 0;
        for (int t = 0; t < triplets.Count; t++)
        {
            Triplet triplet = triplets[t];
            float[] a = Row(embeddings, triplet.Anchor, t, checkedRows, ref dims, nameof(triplets));
            float[] p = Row(embeddings, triplet.Positive, t, checkedRows, ref dims, nameof(triplets));
            float[] n = Row(embeddings, triplet.Negative, t, checkedRows, ref dims, nameof(triplets));
            double dp = Distance(a, p, distance), dn = Distance(a, n, distance);
            if (dp < dn) hits++;
            positiveSum += dp;
            negativeSum += dn;
        }
        return new TripletMetrics
        {
            TripletCount = triplets.Count,
            Distance = distance,
            Accuracy = (double)hits / triplets.Count,
            MeanPositiveDistance = positiveSum / triplets.Count,
            MeanNegativeDistance = negativeSum / triplets.Count,
        };
    }

    /// <summary>
    /// Samples <paramref name="count"/> triplets from <paramref name="labels"/> with <see cref="TripletSampler"/>
    /// (rows labelled -1 are left out and counted) and scores them.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, <paramref name="count"/> is below 1, or triplets cannot be formed (see <see cref="TripletSampler.Sample"/>).</exception>
    public static TripletMetrics Evaluate(IReadOnlyList<float[]> embeddings, IReadOnlyList<int> labels, int count, Generator generator, DistanceMetric distance = DistanceMetric.Euclidean)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (embeddings.Count != labels.Count)
            throw new ArgumentException($"embeddings has {embeddings.Count} rows but labels has {labels.Count}.", nameof(labels));
        Triplet[] triplets = TripletSampler.Sample(labels, count, generator);
        TripletMetrics metrics = Evaluate(embeddings, triplets, distance);
        return new TripletMetrics
        {
            TripletCount = metrics.TripletCount,
            Distance = metrics.Distance,
            Accuracy = metrics.Accuracy,
            MeanPositiveDistance = metrics.MeanPositiveDistance,
            MeanNegativeDistance = metrics.MeanNegativeDistance,
            UnlabelledRowCount = labels.Count(l => l == -1),
        };
    }

    /// <summary>The distance between two vectors of equal length, in double precision.</summary>
    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, DistanceMetric distance)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Vectors have lengths {a.Length} and {b.Length}.", nameof(b));
        if (distance == DistanceMetric.Euclidean)
        {
            double sum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                double d = (double)a[i] - b[i];
                sum += d * d;
            }
            return Math.Sqrt(sum);
        }
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        double norms = Math.Sqrt(aa) * Math.Sqrt(bb);
        return 1 - (norms == 0 ? 0 : dot / norms);
    }

    private static float[] Row(IReadOnlyList<float[]> embeddings, int index, int triplet, bool[] checkedRows, ref int dims, string tripletsParam)
    {
        if ((uint)index >= (uint)embeddings.Count)
            throw new ArgumentException($"Triplet {triplet} refers to row {index}, outside [0, {embeddings.Count}).", tripletsParam);
        float[] row = embeddings[index] ?? throw new ArgumentException($"embeddings[{index}] is null.", nameof(embeddings));
        if (checkedRows[index]) return row;
        if (dims < 0) dims = row.Length;
        if (row.Length != dims || dims == 0)
            throw new ArgumentException($"embeddings[{index}] has {row.Length} values; expected {dims} like the other rows (and at least 1).", nameof(embeddings));
        for (int i = 0; i < row.Length; i++)
            if (!float.IsFinite(row[i])) throw new ArgumentException($"embeddings[{index}][{i}] is {row[i]}; embeddings must be finite.", nameof(embeddings));
        checkedRows[index] = true;
        return row;
    }
}
