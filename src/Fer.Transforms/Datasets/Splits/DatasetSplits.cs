using Fer.Tensors.Random;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Seeded splits: stratified train/validation, person-wise (group) train/validation and group
/// K-fold. The same generator state gives the same split on every machine.
/// </summary>
public static class DatasetSplits
{
    /// <summary>Stratified split of dataset rows by <see cref="DatasetRow.LabelIndex"/> (unlabelled rows form their own stratum).</summary>
    public static TrainValidationSplit Stratified(IReadOnlyList<DatasetRow> rows, double validationFraction, Generator generator) =>
        Stratified(rows, r => r.LabelIndex, validationFraction, generator);

    /// <summary>
    /// Stratified split: within each stratum (taken in ascending key order) the items are shuffled
    /// and round(n * <paramref name="validationFraction"/>) go to validation, but never all of a
    /// stratum of two or more, and none of a stratum of one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in [0, 1).</exception>
    public static TrainValidationSplit Stratified<T>(IReadOnlyList<T> items, Func<T, int> stratum, double validationFraction, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(stratum);
        ArgumentNullException.ThrowIfNull(generator);
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be in [0, 1).");
        var byStratum = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < items.Count; i++)
        {
            int key = stratum(items[i]);
            if (!byStratum.TryGetValue(key, out var list)) byStratum[key] = list = [];
            list.Add(i);
        }
        var train = new List<int>(items.Count);
        var validation = new List<int>();
        foreach (var list in byStratum.Values)
        {
            int[] members = [.. list];
            generator.Shuffle(members.AsSpan());
            int take = members.Length < 2 ? 0 : Math.Min(members.Length - 1, (int)Math.Floor(members.Length * validationFraction + 0.5));
            validation.AddRange(members.AsSpan(0, take));
            train.AddRange(members.AsSpan(take));
        }
        train.Sort();
        validation.Sort();
        return new TrainValidationSplit([.. train], [.. validation]);
    }

    /// <summary>Person-wise split of dataset rows by <see cref="DatasetRow.GroupId"/> (rows without one are their own group).</summary>
    public static TrainValidationSplit ByGroup(IReadOnlyList<DatasetRow> rows, double validationFraction, Generator generator) =>
        ByGroup(rows, r => r.GroupId, validationFraction, generator);

    /// <summary>
    /// Person-wise split: groups are shuffled and moved to validation, whole, until it holds at
    /// least <paramref name="validationFraction"/> of the items; no group is in both parts.
    /// A null group makes the item its own group.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in [0, 1).</exception>
    /// <exception cref="ArgumentException">A positive fraction with fewer than two groups.</exception>
    public static TrainValidationSplit ByGroup<T>(IReadOnlyList<T> items, Func<T, string?> group, double validationFraction, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be in [0, 1).");
        var groups = CollectGroups(items, group);
        if (validationFraction > 0 && groups.Count < 2)
            throw new ArgumentException($"A group split needs at least two groups; the items form {groups.Count}.", nameof(items));
        int[] order = generator.Permutation(groups.Count);
        double target = items.Count * validationFraction;
        var validation = new List<int>();
        var train = new List<int>();
        int g = 0;
        // Leave at least one group for training.
        for (; g < order.Length - 1 && validation.Count < target; g++) validation.AddRange(groups[order[g]]);
        for (; g < order.Length; g++) train.AddRange(groups[order[g]]);
        train.Sort();
        validation.Sort();
        return new TrainValidationSplit([.. train], [.. validation]);
    }

    /// <summary>Group K-fold of dataset rows by <see cref="DatasetRow.GroupId"/> (rows without one are their own group).</summary>
    public static IReadOnlyList<Fold> GroupKFold(IReadOnlyList<DatasetRow> rows, int k, Generator generator) =>
        GroupKFold(rows, r => r.GroupId, k, generator);

    /// <summary>
    /// Group K-fold: every group's items land in one test fold. Groups are shuffled, then placed
    /// largest first into the fold with the fewest items so far, which balances fold sizes.
    /// A null group makes the item its own group.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 2.</exception>
    /// <exception cref="ArgumentException">Fewer groups than folds.</exception>
    public static IReadOnlyList<Fold> GroupKFold<T>(IReadOnlyList<T> items, Func<T, string?> group, int k, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        var groups = CollectGroups(items, group);
        if (groups.Count < k)
            throw new ArgumentException($"{k} folds need at least {k} groups; the items form {groups.Count}.", nameof(k));
        int[] order = generator.Permutation(groups.Count);
        // Stable sort keeps the shuffled order among groups of equal size.
        int[] bySize = [.. order.OrderByDescending(g => groups[g].Count)];
        var tests = new List<int>[k];
        for (int f = 0; f < k; f++) tests[f] = [];
        foreach (int g in bySize)
        {
            int smallest = 0;
            for (int f = 1; f < k; f++)
                if (tests[f].Count < tests[smallest].Count) smallest = f;
            tests[smallest].AddRange(groups[g]);
        }
        var folds = new Fold[k];
        for (int f = 0; f < k; f++)
        {
            tests[f].Sort();
            var inTest = new bool[items.Count];
            foreach (int i in tests[f]) inTest[i] = true;
            int[] train = [.. Enumerable.Range(0, items.Count).Where(i => !inTest[i])];
            folds[f] = new Fold(f, train, [.. tests[f]]);
        }
        return folds;
    }

    // Groups in order of first appearance, each a list of item indices.
    private static List<List<int>> CollectGroups<T>(IReadOnlyList<T> items, Func<T, string?> group)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(group);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<List<int>>();
        for (int i = 0; i < items.Count; i++)
        {
            string? key = group(items[i]);
            if (key is null)
            {
                groups.Add([i]);
                continue;
            }
            if (!index.TryGetValue(key, out int g))
            {
                index[key] = g = groups.Count;
                groups.Add([]);
            }
            groups[g].Add(i);
        }
        return groups;
    }
}
