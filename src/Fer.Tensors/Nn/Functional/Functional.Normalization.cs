using Fer.Tensors.Autograd;
using Fer.Tensors.Kernels.Normalization;

namespace Fer.Tensors.Nn;

public static partial class Functional
{
    /// <summary>
    /// Batch normalisation with PyTorch's semantics over input [N, C], [N, C, L] or [N, C, H, W]
    /// (any [N, C, *]): y = (x - mean) / sqrt(var + eps) * weight + bias per channel C.
    /// In training mode the statistics are the batch's (biased variance for normalising) and, when
    /// running buffers are given, they are updated in place without recording:
    /// running = (1 - momentum) * running + momentum * batch, using the UNBIASED batch variance for
    /// running_var. In evaluation mode the running statistics normalise. The backward is the fused
    /// analytic one (input, weight and bias gradients).
    /// </summary>
    /// <param name="input">[N, C, *] activations.</param>
    /// <param name="runningMean">[C] running mean (updated in training), or null.</param>
    /// <param name="runningVar">[C] running variance (updated in training), or null.</param>
    /// <param name="weight">[C] scale gamma, or null for 1.</param>
    /// <param name="bias">[C] shift beta, or null for 0.</param>
    /// <param name="training">Use batch statistics (and update the running ones).</param>
    /// <param name="momentum">Weight of the new batch in the running update (the module passes 1/steps for a cumulative average).</param>
    /// <param name="eps">Added to the variance before the square root.</param>
    /// <exception cref="ArgumentException">Rank below 2, a [C] tensor of the wrong shape, only one of the running buffers,
    /// evaluation without running statistics, training with one value per channel, or a non-finite momentum or bad eps.</exception>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, float momentum = 0.1f, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2)
            throw new ArgumentException($"BatchNorm expects input [N, C, *]; got shape {Tensor.FormatShape(input.Shape)}.", nameof(input));
        int[] shape = input.ShapeArray;
        int n = shape[0], c = shape[1], s = input.ElementCount / Math.Max(1, n * c);
        if (n * c == 0) s = 1;
        CheckChannelVector(runningMean, c, nameof(runningMean));
        CheckChannelVector(runningVar, c, nameof(runningVar));
        CheckChannelVector(weight, c, nameof(weight));
        CheckChannelVector(bias, c, nameof(bias));
        if ((runningMean is null) != (runningVar is null))
            throw new ArgumentException("BatchNorm: give both runningMean and runningVar, or neither.", runningMean is null ? nameof(runningMean) : nameof(runningVar));
        if (!training && runningMean is null)
            throw new ArgumentException("BatchNorm in evaluation mode (training: false) needs runningMean and runningVar.", nameof(runningMean));
        if (training && (long)n * s <= 1)
            throw new ArgumentException($"BatchNorm: expected more than 1 value per channel when training, got input shape {Tensor.FormatShape(shape)}.", nameof(input));
        if (!float.IsFinite(momentum)) throw new ArgumentException($"BatchNorm: momentum must be finite; got {momentum}.", nameof(momentum));
        if (!(eps >= 0f) || !float.IsFinite(eps)) throw new ArgumentException($"BatchNorm: eps must be finite and non-negative; got {eps}.", nameof(eps));

        Tensor x = input.IsContiguous ? input.Detach() : input.CloneData();
        float[]? gamma = weight?.ToArray(), beta = bias?.ToArray();
        var y = Tensor.Empty(shape);
        var mean = new float[c];
        var invStd = new float[c];
        if (training)
        {
            var variance = new double[c];
            BatchNormKernel.TrainForward(x.Storage, x.Offset, n, c, s, gamma, beta, eps, y.Storage, mean, invStd, variance);
            if (runningMean is not null) UpdateRunningStats(runningMean, runningVar!, mean, variance, (long)n * s, momentum);
        }
        else
        {
            float[] rm = runningMean!.ToArray(), rv = runningVar!.ToArray();
            for (int ch = 0; ch < c; ch++)
            {
                mean[ch] = rm[ch];
                invStd[ch] = (float)(1 / Math.Sqrt((double)rv[ch] + eps));
            }
            BatchNormKernel.EvalForward(x.Storage, x.Offset, n, c, s, mean, invStd, gamma, beta, y.Storage);
        }

        var inputs = new List<Tensor> { input };
        if (weight is not null) inputs.Add(weight);
        if (bias is not null) inputs.Add(bias);
        return Tensor.Record(y, "batch_norm", [.. inputs], g =>
        {
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            Tensor? dx = input.RequiresGrad ? Tensor.Empty(shape) : null;
            Tensor? dgamma = weight is { RequiresGrad: true } ? Tensor.Empty(c) : null;
            Tensor? dbeta = bias is { RequiresGrad: true } ? Tensor.Empty(c) : null;
            BatchNormKernel.Backward(x.Storage, x.Offset, gc.Storage, gc.Offset, n, c, s, mean, invStd, gamma, training,
                dx?.Storage, dgamma?.Storage, dbeta?.Storage);
            var grads = new List<Tensor?> { dx };
            if (weight is not null) grads.Add(dgamma);
            if (bias is not null) grads.Add(dbeta);
            return [.. grads];
        });
    }

    /// <summary>
    /// Layer normalisation over the trailing dimensions <paramref name="normalizedShape"/>:
    /// y = (x - mean) / sqrt(var + eps) * weight + bias, statistics (biased variance) per leading index.
    /// </summary>
    /// <param name="input">[*, normalizedShape...].</param>
    /// <param name="normalizedShape">The trailing dimensions to normalise over (e.g. [D]).</param>
    /// <param name="weight">Element-wise scale of shape <paramref name="normalizedShape"/>, or null.</param>
    /// <param name="bias">Element-wise shift of shape <paramref name="normalizedShape"/>, or null.</param>
    /// <param name="eps">Added to the variance before the square root.</param>
    /// <exception cref="ArgumentException">The input's trailing dimensions differ from <paramref name="normalizedShape"/>, or weight/bias have another shape.</exception>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        int k = normalizedShape.Length;
        if (k == 0 || k > input.Rank || !input.Shape[(input.Rank - k)..].SequenceEqual(normalizedShape))
            throw new ArgumentException(
                $"LayerNorm: input shape {Tensor.FormatShape(input.Shape)} must end with normalizedShape {Tensor.FormatShape(normalizedShape)}.", nameof(normalizedShape));
        if (weight is not null && !weight.ShapeEquals(normalizedShape))
            throw new ArgumentException($"LayerNorm: weight has shape {Tensor.FormatShape(weight.Shape)}, expected {Tensor.FormatShape(normalizedShape)}.", nameof(weight));
        if (bias is not null && !bias.ShapeEquals(normalizedShape))
            throw new ArgumentException($"LayerNorm: bias has shape {Tensor.FormatShape(bias.Shape)}, expected {Tensor.FormatShape(normalizedShape)}.", nameof(bias));
        if (!(eps >= 0f) || !float.IsFinite(eps)) throw new ArgumentException($"LayerNorm: eps must be finite and non-negative; got {eps}.", nameof(eps));

        int d = Internal.ShapeUtil.Product(normalizedShape);
        int m = d == 0 ? 0 : input.ElementCount / d;
        int[] shape = input.ShapeArray;
        Tensor x = input.IsContiguous ? input.Detach() : input.CloneData();
        float[]? w = weight?.ToArray(), b = bias?.ToArray();
        var y = Tensor.Empty(shape);
        var mean = new float[m];
        var invStd = new float[m];
        LayerNormKernel.Forward(x.Storage, x.Offset, m, d, w, b, eps, y.Storage, mean, invStd);

        var inputs = new List<Tensor> { input };
        if (weight is not null) inputs.Add(weight);
        if (bias is not null) inputs.Add(bias);
        int[] wShape = (int[])normalizedShape.Clone();
        return Tensor.Record(y, "layer_norm", [.. inputs], g =>
        {
            Tensor gc = g.IsContiguous ? g : g.CloneData();
            Tensor? dx = input.RequiresGrad ? Tensor.Empty(shape) : null;
            Tensor? dw = weight is { RequiresGrad: true } ? Tensor.Empty(wShape) : null;
            Tensor? db = bias is { RequiresGrad: true } ? Tensor.Empty(wShape) : null;
            LayerNormKernel.Backward(x.Storage, x.Offset, gc.Storage, gc.Offset, m, d, mean, invStd, w, dx?.Storage, dw?.Storage, db?.Storage);
            var grads = new List<Tensor?> { dx };
            if (weight is not null) grads.Add(dw);
            if (bias is not null) grads.Add(db);
            return [.. grads];
        });
    }

    private static void CheckChannelVector(Tensor? t, int channels, string name)
    {
        if (t is not null && (t.Rank != 1 || t.Size(0) != channels))
            throw new ArgumentException($"BatchNorm: {name} has shape {Tensor.FormatShape(t.Shape)}, expected [{channels}] (one value per channel of the input's dimension 1).", name);
    }

    /// <summary>running = (1 - m) * running + m * batch, in place and unrecorded; the variance uses the unbiased batch estimate.</summary>
    private static void UpdateRunningStats(Tensor runningMean, Tensor runningVar, float[] mean, double[] biasedVariance, long count, float momentum)
    {
        double unbias = count / (double)(count - 1);
        using (GradMode.NoGrad())
        {
            int c = mean.Length;
            for (int ch = 0; ch < c; ch++)
            {
                int im = runningMean.Offset + ch * runningMean.Strides[0];
                int iv = runningVar.Offset + ch * runningVar.Strides[0];
                runningMean.Storage[im] = (1f - momentum) * runningMean.Storage[im] + momentum * mean[ch];
                runningVar.Storage[iv] = (1f - momentum) * runningVar.Storage[iv] + momentum * (float)(biasedVariance[ch] * unbias);
            }
        }
    }
}
