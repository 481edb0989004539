namespace Fer.Tensors.Optim.Schedules;

/// <summary>
/// The 1cycle policy exactly as PyTorch 1.13's OneCycleLR. Each group starts at
/// initial = max/<see cref="DivFactor"/>, rises to max by step pctStart·total − 1, then falls to
/// min = initial/<see cref="FinalDivFactor"/> at step total − 1 (three-phase: up, back down to initial
/// by 2·pctStart·total − 2, then to min). With <see cref="CycleMomentum"/>, SGD's momentum (or
/// Adam's β1) moves the opposite way between <see cref="MaxMomentum"/> and <see cref="BaseMomentum"/>
/// (and is set even if the optimizer was created without momentum, as PyTorch does). The schedule
/// covers step indices 0..total (index total extrapolates the last phase as PyTorch does, with the
/// learning rate clamped at 0 and momentum kept in [0, 1)); stepping past total throws.
/// </summary>
public sealed class OneCycleLR : LearningRateScheduler
{
    private readonly double[] maxLearningRates;
    private readonly (double EndStep, int StartLr, int EndLr, bool MomentumUp)[] phases;

    /// <summary>1cycle with the same peak learning rate for every group.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range (totalSteps ≤ 0, pctStart outside [0, 1], non-positive factors, momenta outside [0, 1)).</exception>
    /// <exception cref="ArgumentException"><paramref name="cycleMomentum"/> is set for an optimizer without momentum.</exception>
    public OneCycleLR(Optimizer optimizer, double maxLearningRate, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cosine,
        bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
        : this(optimizer, Repeat(optimizer, maxLearningRate), totalSteps, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase)
    {
    }

    /// <summary>1cycle with one peak learning rate per group.</summary>
    public OneCycleLR(Optimizer optimizer, IReadOnlyList<double> maxLearningRates, int totalSteps, double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cosine,
        bool cycleMomentum = true, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
        : base(optimizer, InitialRates(optimizer, maxLearningRates, totalSteps, pctStart, divFactor, finalDivFactor))
    {
        if (!Enum.IsDefined(annealStrategy)) throw new ArgumentOutOfRangeException(nameof(annealStrategy), annealStrategy, "Unknown anneal strategy.");
        if (cycleMomentum)
        {
            if (!(baseMomentum >= 0 && baseMomentum < 1)) throw new ArgumentOutOfRangeException(nameof(baseMomentum), baseMomentum, "baseMomentum must be in [0, 1).");
            if (!(maxMomentum >= 0 && maxMomentum < 1)) throw new ArgumentOutOfRangeException(nameof(maxMomentum), maxMomentum, "maxMomentum must be in [0, 1).");
            if (optimizer is not (Sgd or Adam))
                throw new ArgumentException($"cycleMomentum needs an optimizer with momentum (SGD) or betas (Adam, AdamW); got {optimizer.Kind}.", nameof(cycleMomentum));
        }
        this.maxLearningRates = maxLearningRates.ToArray();
        TotalSteps = totalSteps;
        PctStart = pctStart;
        AnnealStrategy = annealStrategy;
        CycleMomentum = cycleMomentum;
        BaseMomentum = baseMomentum;
        MaxMomentum = maxMomentum;
        DivFactor = divFactor;
        FinalDivFactor = finalDivFactor;
        ThreePhase = threePhase;
        // Lr end points: 0 = initial, 1 = max, 2 = min. Momentum goes down while lr goes up.
        phases = threePhase
            ? [(pctStart * totalSteps - 1, 0, 1, false), (2 * pctStart * totalSteps - 2, 1, 0, true), (totalSteps - 1, 0, 2, true)]
            : [(pctStart * totalSteps - 1, 0, 1, false), (totalSteps - 1, 1, 2, true)];
        InitialStep();
    }

    /// <summary>The number of steps in the cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>Fraction of the cycle spent increasing the learning rate.</summary>
    public double PctStart { get; }

    /// <summary>Cosine or linear annealing.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <summary>Whether momentum (or β1) is cycled inversely to the learning rate.</summary>
    public bool CycleMomentum { get; }

    /// <summary>Momentum at the learning-rate peak.</summary>
    public double BaseMomentum { get; }

    /// <summary>Momentum at the start and end of the cycle.</summary>
    public double MaxMomentum { get; }

    /// <summary>initial = max / DivFactor.</summary>
    public double DivFactor { get; }

    /// <summary>min = initial / FinalDivFactor.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Whether the three-phase variant is used.</summary>
    public bool ThreePhase { get; }

    /// <inheritdoc />
    protected override void Validate(int step)
    {
        if (step > TotalSteps)
            throw new InvalidOperationException($"OneCycleLR stepped to index {step}, past its {TotalSteps} total steps.");
    }

    /// <inheritdoc />
    protected override double LearningRateAt(int groupIndex, double baseLearningRate, int step)
    {
        var (phase, pct) = Locate(step);
        double initial = baseLearningRate, max = maxLearningRates[groupIndex], min = initial / FinalDivFactor;
        double Point(int which) => which switch { 0 => initial, 1 => max, _ => min };
        // Index TotalSteps extrapolates past the last phase (PyTorch allows it); a linear anneal would go negative there.
        return Math.Max(0, Anneal(Point(phases[phase].StartLr), Point(phases[phase].EndLr), pct));
    }

    /// <inheritdoc />
    protected override void Apply(int step)
    {
        base.Apply(step);
        if (!CycleMomentum) return;
        var (phase, pct) = Locate(step);
        bool up = phases[phase].MomentumUp;
        bool lastOfThree = ThreePhase && phase == 2;
        double start = up ? BaseMomentum : MaxMomentum, end = up ? MaxMomentum : BaseMomentum;
        if (lastOfThree) start = end = MaxMomentum;
        // Only index TotalSteps can leave [0, 1) (linear extrapolation); keep it a valid momentum there.
        double momentum = Math.Clamp(Anneal(start, end, pct), 0, Math.BitDecrement(1.0));
        foreach (ParameterGroup g in Optimizer.ParameterGroups)
        {
            if (Optimizer is Adam) g.Beta1 = momentum;
            else g.Momentum = momentum;
        }
    }

    private (int Phase, double Pct) Locate(int step)
    {
        double startStep = 0;
        for (int i = 0; i < phases.Length; i++)
        {
            double endStep = phases[i].EndStep;
            if (step <= endStep || i == phases.Length - 1)
            {
                double span = endStep - startStep;
                // PyTorch divides by zero here (a phase of length 0); treat it as already at its end.
                return (i, span == 0 ? 1 : (step - startStep) / span);
            }
            startStep = endStep;
        }
        throw new InvalidOperationException("unreachable");
    }

    private double Anneal(double start, double end, double pct) => AnnealStrategy == AnnealStrategy.Cosine
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;

    private static double[] Repeat(Optimizer optimizer, double value)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Enumerable.Repeat(value, optimizer.ParameterGroups.Count).ToArray();
    }

    private static double[] InitialRates(Optimizer optimizer, IReadOnlyList<double> maxLearningRates, int totalSteps, double pctStart, double divFactor, double finalDivFactor)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(maxLearningRates);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (!(pctStart >= 0 && pctStart <= 1)) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must be in [0, 1].");
        if (!double.IsFinite(divFactor) || divFactor <= 0) throw new ArgumentOutOfRangeException(nameof(divFactor), divFactor, "divFactor must be positive and finite.");
        if (!double.IsFinite(finalDivFactor) || finalDivFactor <= 0) throw new ArgumentOutOfRangeException(nameof(finalDivFactor), finalDivFactor, "finalDivFactor must be positive and finite.");
        if (maxLearningRates.Count != optimizer.ParameterGroups.Count)
            throw new ArgumentException($"{maxLearningRates.Count} maximum learning rates given for {optimizer.ParameterGroups.Count} parameter groups.", nameof(maxLearningRates));
        foreach (double m in maxLearningRates)
            if (!double.IsFinite(m) || m < 0) throw new ArgumentOutOfRangeException(nameof(maxLearningRates), m, "Maximum learning rates must be finite and non-negative.");
        return maxLearningRates.Select(m => m / divFactor).ToArray();
    }
}
