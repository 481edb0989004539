using System.Globalization;

namespace Fer.Tensors.Nn;

/// <summary>
/// Loss functions with PyTorch's semantics (torch.nn.functional's losses). Each takes a
/// <see cref="Reduction"/> (default <see cref="Reduction.Mean"/>), records its backward for
/// autograd, and validates shapes and targets with exceptions that name the row and value.
/// </summary>
public static partial class Losses
{
    /// <summary>Applies mean, sum or none to per-element losses.</summary>
    private static Tensor Reduce(Tensor elements, Reduction reduction, string loss) => reduction switch
    {
        Reduction.None => elements,
        Reduction.Sum => elements.Sum(),
        Reduction.Mean => elements.Mean(),
        _ => throw BadReduction(reduction, loss),
    };

    private static ArgumentOutOfRangeException BadReduction(Reduction reduction, string loss)
        => new(nameof(reduction), reduction, reduction == Reduction.BatchMean
            ? $"{loss}: Reduction.BatchMean is only defined for KlDivergence; use Mean, Sum or None."
            : $"{loss}: unknown reduction {reduction}.");

    private static void CheckSameShape(Tensor input, Tensor target, string loss, string inputName = "input", string targetName = "target")
    {
        ArgumentNullException.ThrowIfNull(input, inputName);
        ArgumentNullException.ThrowIfNull(target, targetName);
        if (!input.ShapeEquals(target))
            throw new ArgumentException(
                $"{loss}: {targetName} shape {Tensor.FormatShape(target.Shape)} must equal {inputName} shape {Tensor.FormatShape(input.Shape)}.", targetName);
    }

    /// <summary>Checks logits [N, C] against N class indices (each in [0, C) or the ignore index).</summary>
    private static void CheckIndexTargets(Tensor logits, ReadOnlySpan<int> targets, int? ignoreIndex, string loss, string what = "logits")
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2 || logits.Size(1) == 0)
            throw new ArgumentException($"{loss}: {what} must be [N, C] with C >= 1; got shape {Tensor.FormatShape(logits.Shape)}.", nameof(logits));
        int n = logits.Size(0), c = logits.Size(1);
        if (targets.Length != n)
            throw new ArgumentException($"{loss}: {targets.Length} targets for {n} rows of {what} {Tensor.FormatShape(logits.Shape)}.", nameof(targets));
        for (int i = 0; i < n; i++)
        {
            int t = targets[i];
            if ((uint)t >= (uint)c && t != ignoreIndex)
            {
                string ignore = ignoreIndex is { } ii ? string.Create(CultureInfo.InvariantCulture, $" or the ignore index {ii}") : "";
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"{loss}: target at row {i} is {t}; expected a class index in [0, {c}){ignore}.");
            }
        }
    }

    private static float[]? CheckClassWeights(Tensor? weights, int c, string loss)
    {
        if (weights is null) return null;
        if (weights.Rank != 1 || weights.Size(0) != c)
            throw new ArgumentException($"{loss}: class weights have shape {Tensor.FormatShape(weights.Shape)}, expected [{c}].", nameof(weights));
        float[] w = weights.ToArray();
        for (int k = 0; k < c; k++)
            if (!float.IsFinite(w[k])) throw new ArgumentException($"{loss}: class weight {k} is {w[k]}; expected a finite value.", nameof(weights));
        return w;
    }
}
