using System.Numerics.Tensors;

namespace Fer.Tensors.Optim;

/// <summary>
/// Adam, exactly as PyTorch 1.13's <c>torch.optim.Adam</c> (single-tensor path): weight decay is an
/// L2 term added to the gradient (g + wd·p); m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
/// with AMSGrad v̂ = max(v̂, v); p −= (lr / (1 − β1^t))·m / (sqrt(v or v̂) / sqrt(1 − β2^t) + ε).
/// Learning rate, weight decay, β1 and β2 may differ per group; ε and AMSGrad apply to all.
/// See <see cref="AdamW"/> for decoupled weight decay.
/// </summary>
public class Adam : Optimizer
{
    private static readonly string[] Names = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];
    private readonly bool decoupled;

    /// <summary>Adam over one group of parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range (betas in [0, 1), others non-negative and finite).</exception>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false)
        : this(parameters, learningRate, beta1, beta2, eps, weightDecay, amsgrad, decoupled: false)
    {
    }

    /// <summary>Adam over several groups; options a group leaves unset take these values.</summary>
    public Adam(IEnumerable<ParameterGroup> parameterGroups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false)
        : this(parameterGroups, learningRate, beta1, beta2, eps, weightDecay, amsgrad, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<Tensor> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool decoupled)
        : base(parameters, Defaults(learningRate, beta1, beta2, eps, weightDecay))
    {
        Epsilon = eps;
        Amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    private protected Adam(IEnumerable<ParameterGroup> parameterGroups, double learningRate, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool decoupled)
        : base(parameterGroups, Defaults(learningRate, beta1, beta2, eps, weightDecay))
    {
        Epsilon = eps;
        Amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    /// <summary>The term added to the denominator for numerical stability.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the AMSGrad variant (running maximum of the second moment) is used.</summary>
    public bool Amsgrad { get; }

    /// <inheritdoc />
    public sealed override string Kind => decoupled ? "AdamW" : "Adam";

    private protected sealed override IReadOnlyList<string> BufferNames => Names;

    private static GroupDefaults Defaults(double learningRate, double beta1, double beta2, double eps, double weightDecay)
    {
        if (!double.IsFinite(learningRate) || learningRate < 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and non-negative.");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!double.IsFinite(eps) || eps < 0) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be finite and non-negative.");
        if (!double.IsFinite(weightDecay) || weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weightDecay must be finite and non-negative.");
        return new GroupDefaults(learningRate, weightDecay, 0, beta1, beta2);
    }

    private protected sealed override void Update(ParameterGroup group, Span<float> parameter, ReadOnlySpan<float> gradient, ParameterSlots state)
    {
        int n = parameter.Length;
        double lr = group.LearningRate, beta1 = group.Beta1, beta2 = group.Beta2, wd = group.WeightDecay;
        state.Step++;
        ReadOnlySpan<float> g = gradient;
        if (decoupled)
        {
            TensorPrimitives.Multiply(parameter, (float)(1 - lr * wd), parameter);
        }
        else if (wd != 0)
        {
            Span<float> decayed = Scratch(0, n);
            TensorPrimitives.MultiplyAdd(parameter, (float)wd, gradient, decayed);
            g = decayed;
        }

        float[] m = Buffer(state, 0, n), v = Buffer(state, 1, n);
        Span<float> tmp = Scratch(1, n);
        TensorPrimitives.Multiply(m, (float)beta1, m);
        TensorPrimitives.MultiplyAdd(g, (float)(1 - beta1), m, m);
        TensorPrimitives.Multiply(v, (float)beta2, v);
        TensorPrimitives.Multiply(g, (float)(1 - beta2), tmp);
        TensorPrimitives.MultiplyAdd(tmp, g, v, v);

        double step = state.Step;
        double stepSize = lr / (1 - Math.Pow(beta1, step));
        double bias2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
        ReadOnlySpan<float> second = v;
        if (Amsgrad)
        {
            float[] max = Buffer(state, 2, n);
            TensorPrimitives.Max(max, v, max);
            second = max;
        }
        // denom = sqrt(v) / sqrt(1 - beta2^t) + eps; p += (-stepSize * m) / denom.
        Span<float> denom = tmp;
        TensorPrimitives.Sqrt(second, denom);
        TensorPrimitives.Divide(denom, (float)bias2Sqrt, denom);
        TensorPrimitives.Add(denom, (float)Epsilon, denom);
        Span<float> delta = Scratch(0, n);
        TensorPrimitives.Multiply(m, (float)-stepSize, delta);
        TensorPrimitives.Divide(delta, denom, delta);
        TensorPrimitives.Add(parameter, delta, parameter);
    }
}
