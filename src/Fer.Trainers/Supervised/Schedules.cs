using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;

namespace Fer.Trainers.Supervised;

/// <summary>Builds the per-step learning-rate schedule a trainer asked for.</summary>
public static class Schedules
{
    /// <summary>The scheduler for <paramref name="kind"/> over <paramref name="totalSteps"/> steps, or null for a constant rate.</summary>
    public static LearningRateScheduler? Create(ScheduleKind kind, Optimizer optimizer, double learningRate, int totalSteps) => kind switch
    {
        ScheduleKind.Constant => null,
        ScheduleKind.OneCycle => new OneCycleLR(optimizer, learningRate, totalSteps, cycleMomentum: optimizer is Sgd),
        ScheduleKind.CosineWithWarmup => new CosineAnnealingWithWarmup(optimizer, totalSteps, Math.Max(1, totalSteps / 20)),
        ScheduleKind.MultiStep => new MultiStepLR(optimizer, [totalSteps / 2, totalSteps * 3 / 4], 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown schedule."),
    };
}
