namespace Fer.Tensors.Optim.Schedules;

/// <summary>
/// Sets every parameter group's <see cref="ParameterGroup.LearningRate"/> from the step count, as
/// PyTorch's LR schedulers: the constructor makes the initial step (<see cref="LastEpoch"/> = 0) and
/// each <see cref="Step"/> (called after <see cref="Optimizer.Step"/>) moves to the next index.
/// Learning rates are computed in closed form from each group's base rate
/// (<see cref="ParameterGroup.InitialLearningRate"/>, set from the current rate if absent), so a
/// restored <see cref="LearningRateSchedulerState"/> reproduces them exactly; changes made to a
/// group's rate by hand are overwritten at the next step (PyTorch's chainable form would keep them).
/// </summary>
public abstract class LearningRateScheduler
{
    private double[] baseLearningRates;

    /// <summary>Attaches to <paramref name="optimizer"/>; derived constructors finish with <see cref="InitialStep"/>.</summary>
    /// <param name="optimizer">The optimizer whose groups are driven.</param>
    /// <param name="initialLearningRates">Base rates to store as each group's <see cref="ParameterGroup.InitialLearningRate"/> (overwriting it), or null to keep existing ones.</param>
    protected LearningRateScheduler(Optimizer optimizer, IReadOnlyList<double>? initialLearningRates = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        IReadOnlyList<ParameterGroup> groups = optimizer.ParameterGroups;
        if (initialLearningRates is not null && initialLearningRates.Count != groups.Count)
            throw new ArgumentException($"{initialLearningRates.Count} initial learning rates given for {groups.Count} parameter groups.", nameof(initialLearningRates));
        for (int g = 0; g < groups.Count; g++)
        {
            if (initialLearningRates is not null) groups[g].InitialLearningRate = initialLearningRates[g];
            else groups[g].InitialLearningRate ??= groups[g].LearningRate;
        }
        baseLearningRates = groups.Select(g => g.InitialLearningRate!.Value).ToArray();
        LastEpoch = -1;
    }

    /// <summary>The optimizer whose learning rates are set.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The index of the current step (PyTorch's last_epoch): 0 after construction, +1 per <see cref="Step"/>.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>Number of steps made, the constructor's initial one included.</summary>
    public int StepCount { get; private set; }

    /// <summary>The base learning rate of each group.</summary>
    public IReadOnlyList<double> BaseLearningRates => baseLearningRates;

    /// <summary>The learning rates set at the last step, one per group.</summary>
    public IReadOnlyList<double> LastLearningRates => Optimizer.ParameterGroups.Select(g => g.LearningRate).ToArray();

    /// <summary>Moves to the next step index and sets the groups' learning rates for it.</summary>
    /// <exception cref="InvalidOperationException">The schedule has no value for the next index, or groups were added after the scheduler was created.</exception>
    public void Step()
    {
        CheckGroups();
        int next = checked(LastEpoch + 1);
        Validate(next);
        LastEpoch = next;
        StepCount++;
        Apply(next);
    }

    /// <summary>The position of the schedule, for checkpoints.</summary>
    public LearningRateSchedulerState StateDict() => new(LastEpoch, StepCount, baseLearningRates.ToArray());

    /// <summary>Restores a position saved by <see cref="StateDict"/> and sets the learning rates for it.</summary>
    /// <exception cref="ArgumentException">The state has another number of groups, negative counts, invalid base rates, or an index the schedule does not cover.</exception>
    public void LoadStateDict(LearningRateSchedulerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckGroups();
        if (state.BaseLearningRates is null || state.BaseLearningRates.Count != baseLearningRates.Length)
            throw new ArgumentException($"Scheduler state has {state.BaseLearningRates?.Count ?? 0} base learning rates; the optimizer has {baseLearningRates.Length} groups.", nameof(state));
        if (state.LastEpoch < 0 || state.StepCount < 0)
            throw new ArgumentException($"Scheduler state has a negative step index ({state.LastEpoch}) or count ({state.StepCount}).", nameof(state));
        if (state.BaseLearningRates.Any(r => !double.IsFinite(r) || r < 0))
            throw new ArgumentException("Scheduler state has a negative or non-finite base learning rate.", nameof(state));
        try
        {
            Validate(state.LastEpoch);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException(e.Message, nameof(state), e);
        }
        baseLearningRates = state.BaseLearningRates.ToArray();
        LastEpoch = state.LastEpoch;
        StepCount = state.StepCount;
        for (int g = 0; g < baseLearningRates.Length; g++) Optimizer.ParameterGroups[g].InitialLearningRate = baseLearningRates[g];
        Apply(LastEpoch);
    }

    /// <summary>The first step (index 0), made at the end of derived constructors as PyTorch's constructor does.</summary>
    protected void InitialStep() => Step();

    /// <summary>The learning rate of group <paramref name="groupIndex"/> with base rate <paramref name="baseLearningRate"/> at step index <paramref name="step"/>.</summary>
    protected abstract double LearningRateAt(int groupIndex, double baseLearningRate, int step);

    /// <summary>Throws <see cref="InvalidOperationException"/> when <paramref name="step"/> is past the schedule's end; nothing by default.</summary>
    protected virtual void Validate(int step)
    {
    }

    /// <summary>Sets each group's learning rate (and, in derived schedules, momentum) for <paramref name="step"/>.</summary>
    protected virtual void Apply(int step)
    {
        IReadOnlyList<ParameterGroup> groups = Optimizer.ParameterGroups;
        for (int g = 0; g < groups.Count; g++) groups[g].LearningRate = LearningRateAt(g, baseLearningRates[g], step);
    }

    private void CheckGroups()
    {
        if (Optimizer.ParameterGroups.Count != baseLearningRates.Length)
            throw new InvalidOperationException(
                $"The optimizer has {Optimizer.ParameterGroups.Count} parameter groups but the scheduler was created for {baseLearningRates.Length}; create the scheduler after adding groups.");
    }
}
