using Fer.Tensors.Random;

namespace Fer.Trainers.Metrics;

/// <summary>Draws (anchor, positive, negative) triplets from class labels, reproducibly from a seeded generator.</summary>
public static class TripletSampler
{
    /// <summary>
    /// Draws <paramref name="count"/> triplets with replacement: the anchor uniformly among labelled rows
    /// whose class has at least two rows, the positive uniformly among the other rows of its class, the
    /// negative uniformly among labelled rows of other classes. Rows labelled -1 are never drawn.
    /// </summary>
    /// <param name="labels">Class index of each row (0 or more), or -1 for an unlabelled row.</param>
    /// <param name="count">How many triplets (0 or more).</param>
    /// <param name="generator">The random source; the same seed gives the same triplets.</param>
    /// <exception cref="ArgumentException">A label is below -1, or no class has two rows while another class has one.</exception>
    public static Triplet[] Sample(IReadOnlyList<int> labels, int count, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        // Rows grouped by class, classes in ascending order, so a draw is an index into one array.
        var byClass = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < labels.Count; i++)
        {
            int label = labels[i];
            if (label == -1) continue;
            if (label < 0) throw new ArgumentException($"labels[{i}] = {label}; expected a class index (0 or more) or -1 (unlabelled).", nameof(labels));
            if (!byClass.TryGetValue(label, out List<int>? rows)) byClass[label] = rows = [];
            rows.Add(i);
        }
        var grouped = new List<int>();
        var start = new Dictionary<int, int>();
        var anchors = new List<int>();
        foreach (var (label, rows) in byClass)
        {
            start[label] = grouped.Count;
            grouped.AddRange(rows);
            if (rows.Count >= 2) anchors.AddRange(rows);
        }
        if (anchors.Count == 0 || byClass.Count < 2)
            throw new ArgumentException(
                $"Cannot form triplets: need a class with at least 2 rows and another class; got {byClass.Count} classes with sizes [{string.Join(", ", byClass.Select(kv => $"{kv.Key}: {kv.Value.Count}"))}].",
                nameof(labels));

        var triplets = new Triplet[count];
        for (int t = 0; t < count; t++)
        {
            int anchor = anchors[generator.NextInt(anchors.Count)];
            List<int> same = byClass[labels[anchor]];
            int positive = same[generator.NextInt(same.Count - 1)];
            if (positive == anchor) positive = same[^1];
            // Skip over the anchor's own class block inside the grouped rows.
            int r = generator.NextInt(grouped.Count - same.Count);
            if (r >= start[labels[anchor]]) r += same.Count;
            triplets[t] = new Triplet(anchor, positive, grouped[r]);
        }
        return triplets;
    }
}
