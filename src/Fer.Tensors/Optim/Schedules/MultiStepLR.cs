namespace Fer.Tensors.Optim.Schedules;

/// <summary>
/// Multiplies the learning rate by <see cref="Gamma"/> at each milestone: lr(t) = base · gamma^k,
/// k = the number of milestones ≤ t (PyTorch's MultiStepLR; a repeated milestone counts twice).
/// </summary>
public sealed class MultiStepLR : LearningRateScheduler
{
    private readonly int[] milestones;

    /// <summary>Creates the schedule and sets the learning rates for step 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A milestone is negative, or <paramref name="gamma"/> is negative or not finite.</exception>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        this.milestones = milestones.Order().ToArray();
        if (this.milestones.Length > 0 && this.milestones[0] < 0)
            throw new ArgumentOutOfRangeException(nameof(milestones), this.milestones[0], "Milestones must be non-negative.");
        if (!double.IsFinite(gamma) || gamma < 0) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be finite and non-negative.");
        Gamma = gamma;
        InitialStep();
    }

    /// <summary>The milestones, sorted.</summary>
    public IReadOnlyList<int> Milestones => milestones;

    /// <summary>Decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override double LearningRateAt(int groupIndex, double baseLearningRate, int step)
    {
        int passed = 0;
        while (passed < milestones.Length && milestones[passed] <= step) passed++;
        return baseLearningRate * Math.Pow(Gamma, passed);
    }
}
