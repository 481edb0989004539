namespace Fer.Trainers.Supervised;

/// <summary>The learning-rate schedule, stepped once per batch.</summary>
public enum ScheduleKind
{
    /// <summary>Constant learning rate.</summary>
    Constant,

    /// <summary>One-cycle (warm-up to the maximum over 30% of the steps, cosine anneal), with momentum cycling.</summary>
    OneCycle,

    /// <summary>Linear warm-up (5% of the steps) then cosine decay to 0.</summary>
    CosineWithWarmup,

    /// <summary>Divide by 10 at 50% and 75% of the steps.</summary>
    MultiStep,
}
