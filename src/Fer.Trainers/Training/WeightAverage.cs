using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.Trainers.Training;

/// <summary>
/// An exponential moving average of a module's state (parameters and buffers such as batch-norm
/// statistics): avg = d * avg + (1 - d) * current after every optimizer step, with
/// d = min(decay, (1 + step) / (10 + step)). Counters (num_batches_tracked) are copied, not averaged.
/// </summary>
internal sealed class WeightAverage
{
    private readonly Module model;
    private readonly double decay;
    private readonly Dictionary<string, Tensor> values;

    public WeightAverage(Module model, double decay)
    {
        this.model = model;
        this.decay = decay;
        values = TrainingLoop.Snapshot(model);
    }

    /// <summary>The averaged state, by state-dict name (live: it changes with every update).</summary>
    public IReadOnlyDictionary<string, Tensor> Values => values;

    /// <summary>Folds the model's current state in, after optimizer step <paramref name="step"/> (1-based).</summary>
    public void Update(long step)
    {
        float d = (float)Math.Min(decay, (1.0 + step) / (10.0 + step));
        foreach (var (name, current) in model.StateDict())
        {
            Span<float> avg = values[name].AsSpan();
            ReadOnlySpan<float> now = current.IsContiguous ? current.AsReadOnlySpan() : current.ToArray();
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                now.CopyTo(avg);
                continue;
            }
            TensorPrimitives.Multiply(avg, d, avg);
            TensorPrimitives.MultiplyAdd(now, 1f - d, avg, avg);
        }
    }

    /// <summary>Loads the averaged state into the model and returns the state it replaced.</summary>
    public IReadOnlyDictionary<string, Tensor> SwapIn()
    {
        Dictionary<string, Tensor> trained = TrainingLoop.Snapshot(model);
        model.LoadStateDict(values);
        return trained;
    }

    /// <summary>A copy of the averaged state.</summary>
    public Dictionary<string, Tensor> Copy() => values.ToDictionary(kv => kv.Key, kv => kv.Value.Clone().Detach(), StringComparer.Ordinal);

    /// <summary>Replaces the averaged state with one read from a checkpoint.</summary>
    /// <exception cref="InvalidDataException">The saved state lacks a tensor of the model's or has another shape.</exception>
    public void Restore(IReadOnlyDictionary<string, Tensor> saved)
    {
        foreach (var (name, avg) in values)
        {
            if (!saved.TryGetValue(name, out Tensor? s) || s.ElementCount != avg.ElementCount)
                throw new InvalidDataException($"The checkpoint's averaged weights lack '{name}' or have another shape.");
            (s.IsContiguous ? s.AsReadOnlySpan() : s.ToArray()).CopyTo(avg.AsSpan());
        }
    }
}
