using Fer.Trainers.Training;

namespace Fer.Trainers.FeatureExtractor;

/// <summary>
/// Running per-epoch means of the loss components (and sums of row counts) of a multi-task run; it
/// decorates the user's progress sink so every "train" report carries them as metrics, and keeps one
/// summary per finished epoch.
/// </summary>
internal sealed class LossComponents(IProgress<TrainingProgress>? inner) : IProgress<TrainingProgress>
{
    private readonly Dictionary<string, (double Sum, double Weight)> means = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> counts = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyDictionary<string, double>> history = [];
    private int epoch = -1;

    /// <summary>One summary per epoch finished in this process.</summary>
    internal IReadOnlyList<IReadOnlyDictionary<string, double>> History => history;

    /// <summary>Starts a step of <paramref name="stepEpoch"/>; closes the previous epoch's summary when it changes.</summary>
    internal void BeginStep(int stepEpoch)
    {
        if (stepEpoch != epoch) Flush();
        epoch = stepEpoch;
    }

    /// <summary>Adds a value to the weighted mean of <paramref name="name"/>.</summary>
    internal void Mean(string name, double value, double weight)
    {
        if (weight <= 0) return;
        means.TryGetValue(name, out var s);
        means[name] = (s.Sum + value * weight, s.Weight + weight);
    }

    /// <summary>Adds to the epoch total of <paramref name="name"/>.</summary>
    internal void Count(string name, double value)
    {
        counts.TryGetValue(name, out double s);
        counts[name] = s + value;
    }

    /// <summary>Closes the current epoch (call once after training).</summary>
    internal void Flush()
    {
        if (epoch >= 0 && (means.Count > 0 || counts.Count > 0)) history.Add(Snapshot());
        means.Clear();
        counts.Clear();
    }

    public void Report(TrainingProgress value)
    {
        if (inner is null) return;
        inner.Report(value.Phase == "train" ? value with { Metrics = Snapshot() } : value);
    }

    private Dictionary<string, double> Snapshot()
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (k, v) in means) d[k] = v.Sum / v.Weight;
        foreach (var (k, v) in counts) d[k] = v;
        return d;
    }
}
