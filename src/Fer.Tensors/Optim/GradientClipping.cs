using System.Numerics.Tensors;
using Fer.Tensors.Autograd;

namespace Fer.Tensors.Optim;

/// <summary>Gradient clipping, as PyTorch 1.13's <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales the gradients of <paramref name="parameters"/> in place so that their joint norm is at
    /// most <paramref name="maxNorm"/>. The total norm is the <paramref name="normType"/>-norm of the
    /// per-parameter gradient norms (max |g| for infinity); the gradients are multiplied by
    /// min(1, maxNorm / (total + 1e-6)), computed in float32 as PyTorch does. Parameters without a
    /// gradient are ignored; with none at all the result is 0.
    /// </summary>
    /// <returns>The total norm before clipping (float32 precision).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or NaN, or <paramref name="normType"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="errorIfNonFinite"/> is set and the total norm is NaN or infinite (the gradients are left unchanged); the message lists the parameters at fault.</exception>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (double.IsNaN(maxNorm) || maxNorm < 0) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "maxNorm must be non-negative.");
        if (double.IsNaN(normType) || normType <= 0) throw new ArgumentOutOfRangeException(nameof(normType), normType, "normType must be positive (or positive infinity).");

        var grads = new List<(int Index, Tensor Grad)>();
        int index = 0;
        foreach (Tensor p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (p.Grad is not null) grads.Add((index, p.Grad));
            index++;
        }
        if (grads.Count == 0) return 0;

        bool inf = double.IsPositiveInfinity(normType);
        var norms = new float[grads.Count];
        for (int i = 0; i < grads.Count; i++)
        {
            Tensor g = grads[i].Grad;
            ReadOnlySpan<float> v = g.IsContiguous ? g.AsReadOnlySpan() : g.CloneData().AsReadOnlySpan();
            norms[i] = (float)Norm(v, normType, inf);
        }
        float total = (float)Norm(norms, normType, inf);
        if (errorIfNonFinite && !float.IsFinite(total))
        {
            var bad = grads.Where((_, i) => !float.IsFinite(norms[i])).Select(g => g.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new InvalidOperationException(
                $"The total norm of order {normType} of the gradients is {total} (non-finite); gradients of parameters [{string.Join(", ", bad)}] are not finite. " +
                "Set errorIfNonFinite to false to clip anyway.");
        }
        float coef = (float)maxNorm / (total + 1e-6f);
        if (coef < 1f)
        {
            using NoGradScope _ = GradMode.NoGrad();
            foreach (var (_, g) in grads)
            {
                if (g.IsContiguous) TensorPrimitives.Multiply(g.AsSpan(), coef, g.AsSpan());
                else g.Detach().MulInPlace(coef);
            }
        }
        else if (float.IsNaN(coef))
        {
            // PyTorch multiplies by the (NaN) coefficient too, so the non-finite norm shows in the gradients.
            foreach (var (_, g) in grads) g.Detach().FillInPlace(float.NaN);
        }
        return total;
    }

    private static double Norm(ReadOnlySpan<float> values, double p, bool inf)
    {
        double acc = 0;
        if (inf)
        {
            foreach (float x in values)
            {
                double a = Math.Abs((double)x);
                if (double.IsNaN(a)) return double.NaN;
                if (a > acc) acc = a;
            }
            return acc;
        }
        if (p == 2)
        {
            foreach (float x in values) acc += (double)x * x;
            return Math.Sqrt(acc);
        }
        if (p == 1)
        {
            foreach (float x in values) acc += Math.Abs((double)x);
            return acc;
        }
        foreach (float x in values) acc += Math.Pow(Math.Abs((double)x), p);
        return Math.Pow(acc, 1 / p);
    }
}
