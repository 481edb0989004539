namespace Fer.Tensors.Optim;

/// <summary>
/// A set of parameters that share hyperparameters inside an <see cref="Optimizer"/> (PyTorch's
/// param_groups). Options left null take the optimizer's defaults when the group is added; options an
/// optimizer does not use (e.g. <see cref="Beta1"/> for SGD) are ignored by it. Schedulers change
/// <see cref="LearningRate"/> (and momentum) between steps.
/// </summary>
public sealed class ParameterGroup
{
    private double? learningRate;
    private double? weightDecay;
    private double? momentum;
    private double? beta1;
    private double? beta2;
    private double? initialLearningRate;

    /// <summary>Creates a group; null options are filled from the optimizer's defaults.</summary>
    /// <exception cref="ArgumentException">A parameter is null, not a leaf, or not contiguous, or appears twice; or an option is out of range.</exception>
    public ParameterGroup(IEnumerable<Tensor> parameters, double? learningRate = null, double? weightDecay = null,
        double? momentum = null, double? beta1 = null, double? beta2 = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToList();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < list.Count; i++)
        {
            Tensor? p = list[i];
            if (p is null) throw new ArgumentException($"Parameter {i} of the group is null.", nameof(parameters));
            if (!p.IsLeaf) throw new ArgumentException($"Parameter {i} (shape {Tensor.FormatShape(p.Shape)}) is not a leaf tensor; an optimizer can only update leaves.", nameof(parameters));
            if (!p.IsContiguous) throw new ArgumentException($"Parameter {i} (shape {Tensor.FormatShape(p.Shape)}) is not contiguous; optimizers update parameters in place through their storage.", nameof(parameters));
            if (!seen.Add(p)) throw new ArgumentException($"Parameter {i} appears more than once in the group.", nameof(parameters));
        }
        Parameters = list;
        if (learningRate is { } lr) LearningRate = lr;
        if (weightDecay is { } wd) WeightDecay = wd;
        if (momentum is { } m) Momentum = m;
        if (beta1 is { } b1) Beta1 = b1;
        if (beta2 is { } b2) Beta2 = b2;
    }

    /// <summary>The parameters, in the order used for state-dict indices.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Learning rate (non-negative, finite).</summary>
    /// <exception cref="InvalidOperationException">Read before it was set or filled from defaults.</exception>
    public double LearningRate
    {
        get => learningRate ?? throw NotSet(nameof(LearningRate));
        set => learningRate = CheckNonNegative(value, nameof(LearningRate));
    }

    /// <summary>Weight decay: L2 added to the gradient (SGD, Adam) or decoupled (AdamW).</summary>
    public double WeightDecay
    {
        get => weightDecay ?? throw NotSet(nameof(WeightDecay));
        set => weightDecay = CheckNonNegative(value, nameof(WeightDecay));
    }

    /// <summary>SGD momentum factor.</summary>
    public double Momentum
    {
        get => momentum ?? throw NotSet(nameof(Momentum));
        set => momentum = CheckNonNegative(value, nameof(Momentum));
    }

    /// <summary>Adam's decay rate of the first moment, in [0, 1).</summary>
    public double Beta1
    {
        get => beta1 ?? throw NotSet(nameof(Beta1));
        set => beta1 = CheckBeta(value, nameof(Beta1));
    }

    /// <summary>Adam's decay rate of the second moment, in [0, 1).</summary>
    public double Beta2
    {
        get => beta2 ?? throw NotSet(nameof(Beta2));
        set => beta2 = CheckBeta(value, nameof(Beta2));
    }

    /// <summary>
    /// The learning rate a scheduler started from (PyTorch's initial_lr); null until a scheduler sets
    /// it. A second scheduler on the same optimizer reuses it as its base.
    /// </summary>
    public double? InitialLearningRate
    {
        get => initialLearningRate;
        set => initialLearningRate = value is { } v ? CheckNonNegative(v, nameof(InitialLearningRate)) : null;
    }

    internal void FillDefaults(double defaultLearningRate, double defaultWeightDecay, double defaultMomentum, double defaultBeta1, double defaultBeta2)
    {
        learningRate ??= defaultLearningRate;
        weightDecay ??= defaultWeightDecay;
        momentum ??= defaultMomentum;
        beta1 ??= defaultBeta1;
        beta2 ??= defaultBeta2;
    }

    private static double CheckNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");
        return value;
    }

    private static double CheckBeta(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        return value;
    }

    private static InvalidOperationException NotSet(string name)
        => new($"{name} is not set: it is filled from the optimizer's defaults when the group is added to an optimizer.");
}
