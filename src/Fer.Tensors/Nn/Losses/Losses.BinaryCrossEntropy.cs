namespace Fer.Tensors.Nn;

public static partial class Losses
{
    /// <summary>
    /// Binary cross-entropy on logits (PyTorch's binary_cross_entropy_with_logits), in the stable form
    /// (1 - t) x + (1 + (pw - 1) t) softplus(-x), times <paramref name="weight"/>, with
    /// softplus(-x) = max(-x, 0) + log(1 + e^-|x|), so large logits of either sign stay finite.
    /// Gradients flow to the logits and to the targets (weight and posWeight are constants).
    /// </summary>
    /// <param name="logits">Scores of any shape.</param>
    /// <param name="targets">Probabilities in [0, 1], the shape of <paramref name="logits"/>.</param>
    /// <param name="weight">Per-element weight broadcastable to the logits, or null.</param>
    /// <param name="posWeight">Weight of the positive term, broadcastable to the logits (typically [C] for the last dimension), or null.</param>
    /// <param name="reduction">Mean (default, over all elements), Sum or None.</param>
    /// <exception cref="ArgumentException">Shapes differ or do not broadcast, or a target is outside [0, 1] or NaN (the message names its index).</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Tensor? weight = null, Tensor? posWeight = null,
        Reduction reduction = Reduction.Mean)
    {
        const string Name = "BinaryCrossEntropyWithLogits";
        CheckSameShape(logits, targets, Name, nameof(logits), nameof(targets));
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None)) throw BadReduction(reduction, Name);
        int[] shape = logits.ShapeArray;
        float[] x = logits.ToArray(), t = targets.ToArray();
        for (int i = 0; i < t.Length; i++)
            if (!(t[i] >= 0f && t[i] <= 1f))
                throw new ArgumentException($"{Name}: target at flat index {i} is {t[i]}; expected a probability in [0, 1].", nameof(targets));
        float[]? w = BroadcastConstant(weight, shape, Name, nameof(weight));
        float[]? pw = BroadcastConstant(posWeight, shape, Name, nameof(posWeight));

        var y = Tensor.Empty(shape);
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i], ti = t[i];
            double logWeight = 1 + ((pw?[i] ?? 1.0) - 1) * ti;
            y.Storage[i] = (float)((w?[i] ?? 1.0) * ((1 - ti) * xi + logWeight * SoftplusNeg(xi)));
        }
        Tensor elements = Tensor.Record(y, "binary_cross_entropy_with_logits", logits, targets, g =>
        {
            float[] gv = g.ToArray();
            Tensor? dx = logits.RequiresGrad ? Tensor.Empty(shape) : null;
            Tensor? dt = targets.RequiresGrad ? Tensor.Empty(shape) : null;
            for (int i = 0; i < gv.Length; i++)
            {
                double xi = x[i], ti = t[i], p = pw?[i] ?? 1.0, scale = gv[i] * (w?[i] ?? 1.0);
                // d/dx = (1 - t) - (1 + (pw - 1) t) * sigmoid(-x); d/dt = -x + (pw - 1) softplus(-x).
                if (dx is not null) dx.Storage[i] = (float)(scale * ((1 - ti) - (1 + (p - 1) * ti) / (1 + Math.Exp(xi))));
                if (dt is not null) dt.Storage[i] = (float)(scale * (-xi + (p - 1) * SoftplusNeg(xi)));
            }
            return (dx, dt);
        });
        return Reduce(elements, reduction, Name);
    }

    /// <summary>log(1 + e^-x) without overflow and without losing tiny values.</summary>
    private static double SoftplusNeg(double x)
    {
        double u = Math.Exp(-Math.Abs(x));
        double w = 1 + u;
        double log1p = w == 1 ? u : Math.Log(w) * u / (w - 1);
        return Math.Max(-x, 0) + log1p;
    }

    /// <summary>A constant (no gradient) tensor broadcast to <paramref name="shape"/>, as a row-major array.</summary>
    private static float[]? BroadcastConstant(Tensor? t, int[] shape, string loss, string name)
    {
        if (t is null) return null;
        try
        {
            int[] b = Internal.ShapeUtil.Broadcast(t.Shape, shape);
            if (!b.AsSpan().SequenceEqual(shape)) throw new ArgumentException("rank or size exceeds the input");
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{loss}: {name} shape {Tensor.FormatShape(t.Shape)} does not broadcast to the input shape {Tensor.FormatShape(shape)}.", name);
        }
        return t.Detach().Expand(shape).ToArray();
    }
}
