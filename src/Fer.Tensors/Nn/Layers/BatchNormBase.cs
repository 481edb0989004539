using Fer.Tensors.Inference;
using Fer.Tensors.Autograd;

namespace Fer.Tensors.Nn;

/// <summary>
/// Shared state and forward of <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> (PyTorch's
/// _BatchNorm): parameters "weight" and "bias" (when affine), buffers "running_mean",
/// "running_var" and "num_batches_tracked" (when tracking running statistics).
/// <c>num_batches_tracked</c> is a float tensor of shape [] here (PyTorch's is int64); it counts
/// exactly up to 2^24 training steps.
/// </summary>
public abstract class BatchNormBase : Module
{
    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels.</summary>
    /// <param name="numFeatures">C, the size of the input's dimension 1.</param>
    /// <param name="eps">Added to the variance before the square root.</param>
    /// <param name="momentum">Weight of each new batch in the running statistics; null for a cumulative average (1 / steps).</param>
    /// <param name="affine">Learn a per-channel scale and shift (initialised to 1 and 0).</param>
    /// <param name="trackRunningStats">Keep running statistics and use them in evaluation mode; without them the batch's statistics are used in both modes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numFeatures"/> is not positive, or eps or momentum is invalid.</exception>
    protected BatchNormBase(int numFeatures, float eps, float? momentum, bool affine, bool trackRunningStats)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numFeatures);
        if (!(eps >= 0f) || !float.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be finite and non-negative.");
        if (momentum is { } m && !float.IsFinite(m)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be finite (or null for a cumulative average).");
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        Weight = RegisterOptionalParameter("weight", affine ? Tensor.Ones(numFeatures) : null);
        Bias = RegisterOptionalParameter("bias", affine ? Tensor.Zeros(numFeatures) : null);
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Scalar(0f));
        }
    }

    /// <summary>The number of channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; }

    /// <summary>Weight of each new batch in the running statistics, or null for a cumulative average.</summary>
    public float? Momentum { get; }

    /// <summary>Whether the layer has a learnable scale and shift.</summary>
    public bool Affine { get; }

    /// <summary>Whether running statistics are kept.</summary>
    public bool TrackRunningStats { get; }

    /// <summary>Scale gamma [C], or null when not affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>Shift beta [C], or null when not affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>Running mean [C], or null when not tracking.</summary>
    public Tensor? RunningMean { get; }

    /// <summary>Running (unbiased) variance [C], or null when not tracking.</summary>
    public Tensor? RunningVar { get; }

    /// <summary>Training steps seen, a float tensor of shape [], or null when not tracking.</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Sets the running mean to 0, the running variance to 1 and the step count to 0.</summary>
    public void ResetRunningStats()
    {
        if (!TrackRunningStats) return;
        using (GradMode.NoGrad())
        {
            RunningMean!.FillInPlace(0f);
            RunningVar!.FillInPlace(1f);
            NumBatchesTracked!.FillInPlace(0f);
        }
    }

    /// <summary>Resets the running statistics and sets weight to 1 and bias to 0.</summary>
    public void ResetParameters()
    {
        ResetRunningStats();
        if (!Affine) return;
        using (GradMode.NoGrad())
        {
            Weight!.FillInPlace(1f);
            Bias!.FillInPlace(0f);
        }
    }

    /// <summary>Checks the input's rank (and channel count); derived classes name the shapes they accept.</summary>
    protected abstract void CheckInput(Tensor input);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input);
        if (input.Size(1) != NumFeatures)
            throw new ArgumentException($"{GetType().Name}({NumFeatures}) got input shape {Tensor.FormatShape(input.Shape)}: dimension 1 must be {NumFeatures}.", nameof(input));
        float factor = Momentum ?? 0f;
        if (IsTraining && TrackRunningStats)
        {
            float steps;
            using (GradMode.NoGrad()) steps = NumBatchesTracked!.AddInPlace(Tensor.Scalar(1f)).Item();
            if (Momentum is null) factor = 1f / steps;
        }
        // As PyTorch: batch statistics in training, and also in evaluation when no running ones are kept.
        bool useBatchStats = IsTraining || !TrackRunningStats;
        bool passRunning = !IsTraining || TrackRunningStats;
        return Functional.BatchNorm(input, passRunning ? RunningMean : null, passRunning ? RunningVar : null, Weight, Bias,
            useBatchStats, factor, Eps);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The module keeps no running statistics (it normalises with each batch's own).</exception>
    public override InferenceValue Describe(InferenceGraph graph, InferenceValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!TrackRunningStats || RunningMean is null || RunningVar is null)
            throw new NotSupportedException($"{GetType().Name} without running statistics normalises with each batch's own and has no inference description.");
        if (input.Channels != NumFeatures) throw new ArgumentException($"{GetType().Name}({NumFeatures}) got {input}.", nameof(input));
        return graph.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Eps);
    }
}
