namespace Fer.Tensors.Optim;

/// <summary>
/// Adam with decoupled weight decay, exactly as PyTorch 1.13's <c>torch.optim.AdamW</c>: each step
/// first scales the parameters by (1 − lr·wd), then applies the <see cref="Adam"/> update without an
/// L2 term in the gradient. Default weight decay 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>AdamW over one group of parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0.01, bool amsgrad = false)
        : base(parameters, learningRate, beta1, beta2, eps, weightDecay, amsgrad, decoupled: true)
    {
    }

    /// <summary>AdamW over several groups; options a group leaves unset take these values.</summary>
    public AdamW(IEnumerable<ParameterGroup> parameterGroups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0.01, bool amsgrad = false)
        : base(parameterGroups, learningRate, beta1, beta2, eps, weightDecay, amsgrad, decoupled: true)
    {
    }
}
