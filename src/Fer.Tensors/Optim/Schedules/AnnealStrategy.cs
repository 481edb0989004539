namespace Fer.Tensors.Optim.Schedules;

/// <summary>How <see cref="OneCycleLR"/> moves between its phase end points.</summary>
public enum AnnealStrategy
{
    /// <summary>Half a cosine wave: end + (start − end)/2 · (1 + cos(π·pct)).</summary>
    Cosine,

    /// <summary>A straight line: start + (end − start)·pct.</summary>
    Linear,
}
