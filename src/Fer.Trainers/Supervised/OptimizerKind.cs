namespace Fer.Trainers.Supervised;

/// <summary>The optimizer a trainer uses.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with (Nesterov) momentum and L2 weight decay.</summary>
    Sgd,

    /// <summary>AdamW (decoupled weight decay).</summary>
    AdamW,
}
