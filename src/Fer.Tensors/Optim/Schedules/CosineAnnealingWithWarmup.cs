namespace Fer.Tensors.Optim.Schedules;

/// <summary>
/// Linear warm-up followed by cosine decay. For t &lt; warmup: lr = base · (s + (1 − s)·t/warmup),
/// s = <see cref="WarmupStartFactor"/> (0 by default, so the first step has lr 0). Then
/// lr = min + (base − min) · (1 + cos(π·p))/2 with p = (t − warmup)/(total − warmup), reaching
/// <see cref="MinLearningRate"/> at t = total and staying there afterwards. Equals PyTorch's
/// SequentialLR(LinearLR(s, total_iters=warmup), CosineAnnealingLR(T_max=total−warmup, eta_min=min))
/// up to rounding (for s &gt; 0) and the transformers-style LambdaLR cosine schedule (for s = 0, min = 0).
/// </summary>
public sealed class CosineAnnealingWithWarmup : LearningRateScheduler
{
    /// <summary>Creates the schedule and sets the learning rates for step 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalSteps"/> is not positive, <paramref name="warmupSteps"/> is negative or above it, <paramref name="minLearningRate"/> is negative, or <paramref name="warmupStartFactor"/> is outside [0, 1].</exception>
    public CosineAnnealingWithWarmup(Optimizer optimizer, int totalSteps, int warmupSteps = 0, double minLearningRate = 0, double warmupStartFactor = 0)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warmupSteps, totalSteps);
        if (!double.IsFinite(minLearningRate) || minLearningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "minLearningRate must be finite and non-negative.");
        if (!(warmupStartFactor >= 0 && warmupStartFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(warmupStartFactor), warmupStartFactor, "warmupStartFactor must be in [0, 1].");
        TotalSteps = totalSteps;
        WarmupSteps = warmupSteps;
        MinLearningRate = minLearningRate;
        WarmupStartFactor = warmupStartFactor;
        InitialStep();
    }

    /// <summary>Step index at which the cosine reaches its minimum.</summary>
    public int TotalSteps { get; }

    /// <summary>Steps of linear warm-up.</summary>
    public int WarmupSteps { get; }

    /// <summary>The learning rate at the end of the cosine (same for all groups).</summary>
    public double MinLearningRate { get; }

    /// <summary>Fraction of the base rate at step 0 of the warm-up.</summary>
    public double WarmupStartFactor { get; }

    /// <inheritdoc />
    protected override double LearningRateAt(int groupIndex, double baseLearningRate, int step)
    {
        if (step < WarmupSteps)
            return baseLearningRate * (WarmupStartFactor + (1 - WarmupStartFactor) * step / WarmupSteps);
        int span = TotalSteps - WarmupSteps;
        int t = Math.Min(step - WarmupSteps, span);
        // Same operation order as PyTorch's CosineAnnealingLR closed form: cos(pi * t / T).
        double cos = span == 0 ? -1 : Math.Cos(Math.PI * t / span);
        return MinLearningRate + (baseLearningRate - MinLearningRate) * (1 + cos) / 2;
    }
}
