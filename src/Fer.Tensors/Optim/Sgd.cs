using System.Numerics.Tensors;

namespace Fer.Tensors.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, L2 weight decay and Nesterov
/// momentum, exactly as PyTorch 1.13's <c>torch.optim.SGD</c>:
/// d = g + wd·p; buf = d on the first step, else buf = momentum·buf + (1 − dampening)·d;
/// d = nesterov ? d + momentum·buf : buf; p −= lr·d.
/// Learning rate, weight decay and momentum may differ per <see cref="ParameterGroup"/>; dampening
/// and Nesterov apply to all groups.
/// </summary>
public sealed class Sgd : Optimizer
{
    private static readonly string[] Names = ["momentum_buffer"];

    /// <summary>SGD over one group of parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is negative or not finite.</exception>
    /// <exception cref="ArgumentException">Nesterov without positive momentum and zero dampening.</exception>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, Defaults(learningRate, momentum, dampening, weightDecay, nesterov))
    {
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>SGD over several groups; options a group leaves unset take these values.</summary>
    public Sgd(IEnumerable<ParameterGroup> parameterGroups, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameterGroups, Defaults(learningRate, momentum, dampening, weightDecay, nesterov))
    {
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>Dampening of the momentum update (0 = none).</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override string Kind => "SGD";

    private protected override IReadOnlyList<string> BufferNames => Names;

    private static GroupDefaults Defaults(double learningRate, double momentum, double dampening, double weightDecay, bool nesterov)
    {
        CheckNonNegative(learningRate, nameof(learningRate));
        CheckNonNegative(momentum, nameof(momentum));
        CheckNonNegative(dampening, nameof(dampening));
        CheckNonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException($"Nesterov momentum needs momentum > 0 and dampening = 0 (got momentum {momentum}, dampening {dampening}).", nameof(nesterov));
        return new GroupDefaults(learningRate, weightDecay, momentum, 0.9, 0.999);
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");
    }

    private protected override void ValidateGroup(ParameterGroup group)
    {
        if (Nesterov && group.Momentum <= 0)
            throw new InvalidOperationException("Nesterov momentum needs momentum > 0 in every parameter group.");
    }

    private protected override void Update(ParameterGroup group, Span<float> parameter, ReadOnlySpan<float> gradient, ParameterSlots state)
    {
        int n = parameter.Length;
        ReadOnlySpan<float> d = gradient;
        if (group.WeightDecay != 0)
        {
            Span<float> decayed = Scratch(0, n);
            TensorPrimitives.MultiplyAdd(parameter, (float)group.WeightDecay, gradient, decayed);
            d = decayed;
        }
        double momentum = group.Momentum;
        if (momentum != 0)
        {
            float[]? buf = state.Buffers[0];
            if (buf is null)
            {
                buf = d.ToArray();
                state.Buffers[0] = buf;
            }
            else
            {
                TensorPrimitives.Multiply(buf, (float)momentum, buf);
                TensorPrimitives.MultiplyAdd(d, (float)(1 - Dampening), buf, buf);
            }
            if (Nesterov)
            {
                Span<float> look = Scratch(0, n);
                TensorPrimitives.MultiplyAdd(buf, (float)momentum, d, look);
                d = look;
            }
            else
            {
                d = buf;
            }
        }
        TensorPrimitives.MultiplyAdd(d, (float)-group.LearningRate, parameter, parameter);
    }
}
