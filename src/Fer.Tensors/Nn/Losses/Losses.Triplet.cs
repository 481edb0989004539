namespace Fer.Tensors.Nn;

public static partial class Losses
{
    /// <summary>
    /// Triplet margin loss (PyTorch's triplet_margin_loss): max(d(a, p) - d(a, n) + margin, 0) per
    /// sample, with d(u, v) = ||u - v + eps||_p over the last dimension (PyTorch's pairwise_distance).
    /// With <paramref name="swap"/> the negative distance is min(d(a, n), d(p, n)).
    /// </summary>
    /// <param name="anchor">[N, D] or [D].</param>
    /// <param name="positive">Same shape as the anchor.</param>
    /// <param name="negative">Same shape as the anchor.</param>
    /// <param name="margin">The required gap.</param>
    /// <param name="p">The norm degree (&gt; 0).</param>
    /// <param name="eps">Added to the difference before the norm (keeps the gradient finite at equal points).</param>
    /// <param name="swap">Use the distance from positive to negative when it is smaller.</param>
    /// <param name="reduction">Mean (default), Sum, or None for [N] losses.</param>
    /// <exception cref="ArgumentException">Shapes differ, the rank is not 1 or 2, or margin, p or eps is invalid.</exception>
    public static Tensor TripletMargin(Tensor anchor, Tensor positive, Tensor negative, float margin = 1f, float p = 2f, float eps = 1e-6f,
        bool swap = false, Reduction reduction = Reduction.Mean)
    {
        const string Name = "TripletMargin";
        CheckSameShape(anchor, positive, Name, nameof(anchor), nameof(positive));
        CheckSameShape(anchor, negative, Name, nameof(anchor), nameof(negative));
        if (anchor.Rank is not (1 or 2))
            throw new ArgumentException($"{Name}: expected [N, D] or [D] inputs; got shape {Tensor.FormatShape(anchor.Shape)}.", nameof(anchor));
        if (!float.IsFinite(margin)) throw new ArgumentException($"{Name}: margin must be finite; got {margin}.", nameof(margin));
        if (!(p > 0f) || !float.IsFinite(p)) throw new ArgumentException($"{Name}: p must be finite and > 0; got {p}.", nameof(p));
        if (!float.IsFinite(eps)) throw new ArgumentException($"{Name}: eps must be finite; got {eps}.", nameof(eps));
        Tensor dPos = PairwiseDistance(anchor, positive, p, eps);
        Tensor dNeg = PairwiseDistance(anchor, negative, p, eps);
        if (swap) dNeg = dNeg.Minimum(PairwiseDistance(positive, negative, p, eps));
        Tensor loss = dPos.Sub(dNeg).Add(margin).Clamp(min: 0f);
        return Reduce(loss, reduction, Name);
    }

    /// <summary>||u - v + eps||_p over the last dimension.</summary>
    private static Tensor PairwiseDistance(Tensor u, Tensor v, float p, float eps)
    {
        Tensor d = u.Sub(v).Add(eps);
        return p switch
        {
            2f => d.Square().Sum(-1).Sqrt(),
            1f => d.Abs().Sum(-1),
            _ => d.Abs().Pow(p).Sum(-1).Pow(1f / p),
        };
    }
}
