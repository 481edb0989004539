using Fer.Tensors.Kernels.Elementwise;

namespace Fer.Tensors.Nn;

public static partial class Losses
{
    /// <summary>Mean squared error (input - target)^2 (PyTorch's mse_loss); input and target of the same shape, both differentiable.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Mse(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "Mse");
        return Reduce(input.Sub(target).Square(), reduction, "Mse");
    }

    /// <summary>Absolute error |input - target| (PyTorch's l1_loss; gradient 0 where they are equal); same shapes.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor L1(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "L1");
        return Reduce(input.Sub(target).Abs(), reduction, "L1");
    }

    /// <summary>
    /// Smooth L1 (PyTorch's smooth_l1_loss): 0.5 d^2 / beta where |d| &lt; beta, |d| - 0.5 beta otherwise,
    /// d = input - target; beta = 0 is the L1 loss. Same shapes.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, or beta is negative or not finite.</exception>
    public static Tensor SmoothL1(Tensor input, Tensor target, float beta = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape(input, target, "SmoothL1");
        if (!(beta >= 0f) || !float.IsFinite(beta)) throw new ArgumentException($"SmoothL1: beta must be finite and >= 0; got {beta}.", nameof(beta));
        if (beta == 0f) return L1(input, target, reduction);
        Tensor d = input.Sub(target);
        Tensor e = UnaryKernel.Apply(d, (s, o) =>
        {
            for (int i = 0; i < o.Length; i++)
            {
                float a = MathF.Abs(s[i]);
                o[i] = a < beta ? 0.5f * s[i] * s[i] / beta : a - 0.5f * beta;
            }
        });
        e = Tensor.Record(e, "smooth_l1", d, g => UnaryKernel.Apply(g, d, (gs, ds, o) =>
        {
            for (int i = 0; i < o.Length; i++)
                o[i] = gs[i] * (MathF.Abs(ds[i]) < beta ? ds[i] / beta : MathF.Sign(ds[i]));
        }));
        return Reduce(e, reduction, "SmoothL1");
    }
}
