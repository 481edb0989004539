namespace Fer.Tensors.Nn;

public static partial class Losses
{
    /// <summary>
    /// Kullback-Leibler divergence as PyTorch's kl_div(input, target): <paramref name="input"/> holds
    /// log-probabilities log q, <paramref name="target"/> probabilities p (or log p when
    /// <paramref name="logTarget"/>); element-wise p (log p - log q), 0 where p = 0.
    /// <see cref="Reduction.BatchMean"/> (the mathematically right one) divides the sum by the batch
    /// size (dimension 0); <see cref="Reduction.Mean"/> divides by the element count, as PyTorch.
    /// Both inputs are differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ, or a target is negative or NaN (log targets: NaN); the message names the flat index.</exception>
    public static Tensor KlDivergence(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false)
    {
        const string Name = "KlDivergence";
        CheckSameShape(input, target, Name);
        float[] x = input.ToArray(), t = target.ToArray();
        for (int i = 0; i < t.Length; i++)
        {
            bool bad = logTarget ? float.IsNaN(t[i]) : !(t[i] >= 0f);
            if (bad)
                throw new ArgumentException(
                    $"{Name}: target at flat index {i} is {t[i]}; expected {(logTarget ? "a log-probability (not NaN)" : "a probability >= 0")}.", nameof(target));
        }
        int[] shape = input.ShapeArray;
        var y = Tensor.Empty(shape);
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i], ti = t[i];
            y.Storage[i] = (float)(logTarget ? Math.Exp(ti) * (ti - xi) : ti == 0 ? 0 : ti * (Math.Log(ti) - xi));
        }
        Tensor elements = Tensor.Record(y, "kl_div", input, target, g =>
        {
            float[] gv = g.ToArray();
            Tensor? dx = input.RequiresGrad ? Tensor.Empty(shape) : null;
            Tensor? dt = target.RequiresGrad ? Tensor.Empty(shape) : null;
            for (int i = 0; i < gv.Length; i++)
            {
                double xi = x[i], ti = t[i];
                double p = logTarget ? Math.Exp(ti) : ti;
                if (dx is not null) dx.Storage[i] = (float)(-gv[i] * p);
                if (dt is not null) dt.Storage[i] = (float)(gv[i] * (logTarget ? p * (ti - xi + 1) : Math.Log(ti) + 1 - xi));
            }
            return (dx, dt);
        });
        if (reduction != Reduction.BatchMean) return Reduce(elements, reduction, Name);
        int batch = input.Rank == 0 ? 1 : shape[0];
        return elements.Sum().Div(batch);
    }
}
