using Fer.Tensors.Kernels.Losses;

namespace Fer.Tensors.Nn;

public static partial class Losses
{
    /// <summary>
    /// Cross-entropy between logits [N, C] and class indices (PyTorch's cross_entropy with integer
    /// targets), fused with the log-softmax. Per row the loss is
    /// (1 - ls) * w[y] * (-log p[y]) + (ls / C) * sum_k w[k] * (-log p[k]); <see cref="Reduction.Mean"/> divides
    /// the sum by the total weight w[y] of the non-ignored rows (their count without weights), as
    /// PyTorch 1.13 does for both terms. Rows whose target equals <paramref name="ignoreIndex"/>
    /// contribute 0 (and a mean over no rows is NaN, as in PyTorch).
    /// </summary>
    /// <param name="logits">[N, C] unnormalised scores.</param>
    /// <param name="targets">N class indices in [0, C).</param>
    /// <param name="classWeights">[C] weight per class, or null.</param>
    /// <param name="labelSmoothing">ls in [0, 1].</param>
    /// <param name="ignoreIndex">A target value to skip; unlike PyTorch's -100 default, null means none (any out-of-range target is an error).</param>
    /// <param name="reduction">Mean (default), Sum, or None for [N] losses.</param>
    /// <exception cref="ArgumentException">Shapes do not match, or a class weight is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is out of range (the message names the row and value), or ls is outside [0, 1].</exception>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> targets, Tensor? classWeights = null, float labelSmoothing = 0f,
        int? ignoreIndex = null, Reduction reduction = Reduction.Mean)
    {
        const string Name = "CrossEntropy";
        CheckIndexTargets(logits, targets, ignoreIndex, Name);
        CheckSmoothing(labelSmoothing);
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None)) throw BadReduction(reduction, Name);
        int n = logits.Size(0), c = logits.Size(1);
        float[]? w = CheckClassWeights(classWeights, c, Name);
        int[] t = targets.ToArray();
        Tensor x = logits.IsContiguous ? logits.Detach() : logits.CloneData();

        var lse = new float[n];
        var rowLoss = new double[n];
        var rowWeight = new double[n];
        CrossEntropyKernel.LogSumExp(x.Storage, x.Offset, n, c, lse);
        CrossEntropyKernel.IndexForward(x.Storage, x.Offset, n, c, t, w, labelSmoothing, ignoreIndex, lse, rowLoss, rowWeight);
        double divisor = reduction == Reduction.Mean ? rowWeight.Sum() : 1;
        Tensor loss = ReduceRows(rowLoss, reduction, divisor);
        return Tensor.Record(loss, "cross_entropy", logits, g =>
        {
            float[] coef = RowCoefficients(g, n, reduction, divisor);
            var dx = Tensor.Empty(n, c);
            CrossEntropyKernel.IndexBackward(x.Storage, x.Offset, n, c, t, w, labelSmoothing, ignoreIndex, lse, coef, dx.Storage);
            return dx;
        });
    }

    /// <summary>
    /// Cross-entropy between logits [N, C] and class probabilities [N, C] (PyTorch's cross_entropy
    /// with probability targets): per row -sum_k w[k] * q'[k] * log p[k] with q' = (1 - ls) q + ls / C;
    /// <see cref="Reduction.Mean"/> divides by N (not by the weights). Rows need not sum to 1.
    /// Gradients flow to the logits and, if it requires grad, to the target.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ, or a target probability is negative, NaN or infinite (the message names row and column).</exception>
    /// <exception cref="ArgumentOutOfRangeException">ls is outside [0, 1].</exception>
    public static Tensor CrossEntropy(Tensor logits, Tensor targetProbabilities, Tensor? classWeights = null, float labelSmoothing = 0f,
        Reduction reduction = Reduction.Mean)
    {
        const string Name = "CrossEntropy";
        CheckSameShape(logits, targetProbabilities, Name, "logits", nameof(targetProbabilities));
        if (logits.Rank != 2 || logits.Size(1) == 0)
            throw new ArgumentException($"{Name}: logits must be [N, C] with C >= 1; got shape {Tensor.FormatShape(logits.Shape)}.", nameof(logits));
        CheckSmoothing(labelSmoothing);
        if (reduction is not (Reduction.Mean or Reduction.Sum or Reduction.None)) throw BadReduction(reduction, Name);
        int n = logits.Size(0), c = logits.Size(1);
        float[]? w = CheckClassWeights(classWeights, c, Name);
        Tensor x = logits.IsContiguous ? logits.Detach() : logits.CloneData();
        Tensor q = targetProbabilities.IsContiguous ? targetProbabilities.Detach() : targetProbabilities.CloneData();
        ReadOnlySpan<float> qs = q.AsSpan();
        for (int i = 0; i < qs.Length; i++)
        {
            if (!(qs[i] >= 0f) || float.IsPositiveInfinity(qs[i]))
                throw new ArgumentException($"{Name}: target probability at row {i / c}, column {i % c} is {qs[i]}; expected a finite value >= 0.", nameof(targetProbabilities));
        }

        var lse = new float[n];
        var rowLoss = new double[n];
        CrossEntropyKernel.LogSumExp(x.Storage, x.Offset, n, c, lse);
        CrossEntropyKernel.ProbabilityForward(x.Storage, x.Offset, q.Storage, q.Offset, n, c, w, labelSmoothing, lse, rowLoss);
        double divisor = reduction == Reduction.Mean ? n : 1;
        Tensor loss = ReduceRows(rowLoss, reduction, divisor);
        return Tensor.Record(loss, "cross_entropy_probs", logits, targetProbabilities, g =>
        {
            float[] coef = RowCoefficients(g, n, reduction, divisor);
            Tensor? dx = logits.RequiresGrad ? Tensor.Empty(n, c) : null;
            Tensor? dq = targetProbabilities.RequiresGrad ? Tensor.Empty(n, c) : null;
            CrossEntropyKernel.ProbabilityBackward(x.Storage, x.Offset, q.Storage, q.Offset, n, c, w, labelSmoothing, lse, coef, dx?.Storage, dq?.Storage);
            return (dx, dq);
        });
    }

    private static void CheckSmoothing(float labelSmoothing)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "labelSmoothing must be in [0, 1].");
    }

    /// <summary>Row losses (double) to the reduced result: [N] for None, a scalar sum / divisor otherwise.</summary>
    private static Tensor ReduceRows(double[] rowLoss, Reduction reduction, double divisor)
    {
        if (reduction == Reduction.None)
        {
            var t = Tensor.Empty(rowLoss.Length);
            for (int i = 0; i < rowLoss.Length; i++) t.Storage[i] = (float)rowLoss[i];
            return t;
        }
        double sum = 0;
        foreach (double v in rowLoss) sum += v;
        return Tensor.Scalar((float)(sum / divisor));
    }

    /// <summary>The share of the output gradient that each row's loss receives.</summary>
    private static float[] RowCoefficients(Tensor g, int n, Reduction reduction, double divisor)
    {
        var coef = new float[n];
        if (reduction == Reduction.None)
        {
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            gc.AsSpan().CopyTo(coef);
        }
        else
        {
            Array.Fill(coef, (float)(g.Item() / divisor));
        }
        return coef;
    }
}
