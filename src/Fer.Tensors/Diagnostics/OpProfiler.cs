using System.Diagnostics;

namespace Fer.Tensors.Diagnostics;

/// <summary>
/// A per-op stopwatch for the benchmark harness: when <see cref="Enabled"/>, forward time is the
/// time since the previous recorded op (so module glue counts towards the next op) and backward
/// time is each node's gradient function, both summed per op name. One thread only; off by default
/// and then costs one branch per op.
/// </summary>
internal static class OpProfiler
{
    private static readonly Dictionary<string, (long Ticks, int Count)> ForwardTotals = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, (long Ticks, int Count)> BackwardTotals = new(StringComparer.Ordinal);
    private static long last;

    /// <summary>Whether ops are timed.</summary>
    internal static bool Enabled { get; private set; }

    /// <summary>Clears the totals and starts timing from now.</summary>
    internal static void Start()
    {
        ForwardTotals.Clear();
        BackwardTotals.Clear();
        Enabled = true;
        last = Stopwatch.GetTimestamp();
    }

    /// <summary>Stops timing (totals stay readable).</summary>
    internal static void Stop() => Enabled = false;

    /// <summary>Restarts the forward clock (e.g. after work that belongs to no op).</summary>
    internal static void Mark() => last = Stopwatch.GetTimestamp();

    /// <summary>Forward totals: op name, seconds, calls.</summary>
    internal static IEnumerable<(string Name, double Seconds, int Count)> Forward => Report(ForwardTotals);

    /// <summary>Backward totals: op name, seconds, calls.</summary>
    internal static IEnumerable<(string Name, double Seconds, int Count)> Backward => Report(BackwardTotals);

    /// <summary>Set by the backward engine so that ops run inside gradient functions are not counted as forward.</summary>
    internal static bool InBackward { get; set; }

    internal static void OnForward(string name)
    {
        if (InBackward) return;
        long now = Stopwatch.GetTimestamp();
        Add(ForwardTotals, name, now - last);
        last = now;
    }

    internal static long BackwardStart() => Stopwatch.GetTimestamp();

    internal static void OnBackward(string name, long start) => Add(BackwardTotals, name, Stopwatch.GetTimestamp() - start);

    private static void Add(Dictionary<string, (long Ticks, int Count)> totals, string name, long ticks)
    {
        totals.TryGetValue(name, out var t);
        totals[name] = (t.Ticks + ticks, t.Count + 1);
    }

    private static IEnumerable<(string Name, double Seconds, int Count)> Report(Dictionary<string, (long Ticks, int Count)> totals)
        => totals.Select(kv => (kv.Key, kv.Value.Ticks / (double)Stopwatch.Frequency, kv.Value.Count)).OrderByDescending(r => r.Item2).ToList();
}
