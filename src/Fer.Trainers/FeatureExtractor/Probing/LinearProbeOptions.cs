namespace Fer.Trainers.FeatureExtractor.Probing;

/// <summary>Settings of <see cref="LinearProbe"/>.</summary>
public sealed class LinearProbeOptions
{
    /// <summary>L2 penalty λ: the objective is mean cross-entropy + λ/2 ||W||² (the bias is not penalised).</summary>
    public double L2 { get; set; } = 1e-2;

    /// <summary>Largest number of L-BFGS iterations.</summary>
    public int MaxIterations { get; set; } = 300;

    /// <summary>Stop when the largest absolute gradient entry falls below this.</summary>
    public double GradientTolerance { get; set; } = 1e-5;

    /// <summary>L-BFGS memory (pairs of steps and gradient changes kept).</summary>
    public int History { get; set; } = 10;

    /// <summary>Weight classes by inverse frequency in the training labels (normalised to mean 1 over present classes).</summary>
    public bool BalanceClasses { get; set; }

    /// <summary>Checks the values.</summary>
    public void Validate()
    {
        if (!(L2 >= 0) || double.IsInfinity(L2)) throw new ArgumentOutOfRangeException(nameof(L2), L2, "must be finite and not negative.");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "must be at least 1.");
        if (!(GradientTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "must be positive.");
        if (History < 1) throw new ArgumentOutOfRangeException(nameof(History), History, "must be at least 1.");
    }
}
