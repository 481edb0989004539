using Fer.Trainers.Training;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// Which (dataset, example) pairs make up batch b of epoch e, as a pure function of the seed, the
/// dataset sizes, the batch size and the sampling (see <see cref="DatasetSampling"/>), so a resumed
/// run draws exactly the batches an uninterrupted one does.
/// </summary>
internal sealed class BatchPlan
{
    private readonly int[] sizes;
    private readonly int[] offsets;
    private readonly int total;
    private readonly int batchSize;
    private readonly DatasetSampling sampling;
    private readonly ulong seed;
    private readonly int[] shares;
    private (int Epoch, int[] Order)? proportionalOrder;
    private readonly Dictionary<(int Dataset, long Cycle), int[]> cycles = [];

    internal BatchPlan(IReadOnlyList<int> sizes, int batchSize, DatasetSampling sampling, ulong seed)
    {
        if (sizes.Count == 0 || sizes.Any(s => s <= 0)) throw new ArgumentException("Every dataset needs at least one example.", nameof(sizes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        this.sizes = [.. sizes];
        this.batchSize = batchSize;
        this.sampling = sampling;
        this.seed = seed;
        offsets = new int[this.sizes.Length];
        for (int d = 1; d < offsets.Length; d++) offsets[d] = offsets[d - 1] + this.sizes[d - 1];
        total = offsets[^1] + this.sizes[^1];
        int datasets = this.sizes.Length;
        shares = new int[datasets];
        if (sampling == DatasetSampling.RoundRobin)
        {
            if (batchSize < datasets)
                throw new ArgumentException($"Round-robin sampling of {datasets} datasets needs a batch size of at least {datasets}; it is {batchSize}.", nameof(batchSize));
            for (int d = 0; d < datasets; d++) shares[d] = (batchSize - d + datasets - 1) / datasets;
            StepsPerEpoch = Enumerable.Range(0, datasets).Max(d => (this.sizes[d] + shares[d] - 1) / shares[d]);
        }
        else
        {
            StepsPerEpoch = (total + batchSize - 1) / batchSize;
        }
    }

    /// <summary>Optimizer steps per epoch.</summary>
    internal int StepsPerEpoch { get; }

    /// <summary>Rows of dataset <paramref name="dataset"/> per round-robin batch (0 for proportional sampling).</summary>
    internal int Share(int dataset) => shares[dataset];

    /// <summary>The dataset and the example index within it of every row of the batch.</summary>
    internal (int[] Dataset, int[] Index) Batch(int epoch, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batch, StepsPerEpoch);
        return sampling == DatasetSampling.RoundRobin ? RoundRobin(epoch, batch) : Proportional(epoch, batch);
    }

    private (int[], int[]) Proportional(int epoch, int batch)
    {
        if (proportionalOrder?.Epoch != epoch) proportionalOrder = (epoch, TrainingLoop.EpochOrder(seed, epoch, total));
        int[] order = proportionalOrder.Value.Order;
        int start = batch * batchSize, count = Math.Min(batchSize, total - start);
        var ds = new int[count];
        var idx = new int[count];
        for (int i = 0; i < count; i++)
        {
            int g = order[start + i];
            int d = Array.BinarySearch(offsets, g);
            if (d < 0) d = ~d - 1;
            // Equal offsets belong to the later dataset (earlier ones are empty only in theory: sizes are positive).
            ds[i] = d;
            idx[i] = g - offsets[d];
        }
        return (ds, idx);
    }

    private (int[], int[]) RoundRobin(int epoch, int batch)
    {
        int datasets = sizes.Length;
        var ds = new int[batchSize];
        var idx = new int[batchSize];
        var taken = new int[datasets];
        for (int j = 0; j < batchSize; j++)
        {
            int d = j % datasets;
            // The k-th draw of dataset d over the whole run, independent of how the run was split.
            long p = ((long)epoch * StepsPerEpoch + batch) * shares[d] + taken[d]++;
            long cycle = p / sizes[d];
            ds[j] = d;
            idx[j] = CycleOrder(d, cycle)[(int)(p % sizes[d])];
        }
        return (ds, idx);
    }

    private int[] CycleOrder(int dataset, long cycle)
    {
        if (!cycles.TryGetValue((dataset, cycle), out int[]? order))
        {
            // Keep only the current and next cycle of each dataset.
            foreach (var key in cycles.Keys.Where(k => k.Dataset == dataset && k.Cycle < cycle - 1).ToArray()) cycles.Remove(key);
            ulong datasetSeed = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(dataset + 1));
            order = new Tensors.Random.Generator(datasetSeed + 0xBF58476D1CE4E5B9UL * (ulong)cycle).Permutation(sizes[dataset]);
            cycles[(dataset, cycle)] = order;
        }
        return order;
    }
}
