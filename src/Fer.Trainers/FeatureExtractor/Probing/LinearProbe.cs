using Fer.Tensors;
using Fer.Tensors.Nn;

namespace Fer.Trainers.FeatureExtractor.Probing;

/// <summary>
/// A linear probe: multinomial logistic regression on standardised features (each column shifted to
/// mean 0 and scaled to standard deviation 1 on the training rows), trained with the engine's
/// cross-entropy and autograd and minimised by L-BFGS with an L2 penalty. Used to measure how much
/// expression information a feature vector holds.
/// </summary>
public sealed class LinearProbe
{
    private readonly float[] mean, scale, weight, bias;

    private LinearProbe(float[] mean, float[] scale, float[] weight, float[] bias, int classes, int iterations, double objective)
    {
        (this.mean, this.scale, this.weight, this.bias) = (mean, scale, weight, bias);
        Classes = classes;
        Iterations = iterations;
        Objective = objective;
    }

    /// <summary>The weights [K, D] on standardised features (for tests).</summary>
    internal float[] Weight => weight;

    /// <summary>The biases [K] (for tests).</summary>
    internal float[] Bias => bias;

    /// <summary>The column means and inverse standard deviations of the training features (for tests).</summary>
    internal (float[] Mean, float[] Scale) Standardisation => (mean, scale);

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Feature length.</summary>
    public int Dimension => mean.Length;

    /// <summary>L-BFGS iterations used.</summary>
    public int Iterations { get; }

    /// <summary>The final value of the training objective.</summary>
    public double Objective { get; }

    /// <summary>Fits the probe on rows of <paramref name="features"/> ([N, D] row-major) with labels in [0, <paramref name="classes"/>).</summary>
    /// <exception cref="ArgumentException">Sizes disagree, a label is out of range, or a feature is not finite (the message names the row).</exception>
    public static LinearProbe Fit(float[] features, int dimension, int[] labels, int classes, LinearProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        options ??= new LinearProbeOptions();
        options.Validate();
        int n = labels.Length;
        if (n == 0) throw new ArgumentException("The probe needs at least one training row.", nameof(labels));
        if (features.Length != n * dimension) throw new ArgumentException($"features holds {features.Length} values; {n} rows of {dimension} need {n * dimension}.", nameof(features));
        for (int i = 0; i < n; i++)
            if (labels[i] < 0 || labels[i] >= classes) throw new ArgumentException($"Label {labels[i]} of row {i} is outside [0, {classes}).", nameof(labels));
        CheckFinite(features, dimension);

        var mean = new float[dimension];
        var scale = new float[dimension];
        for (int j = 0; j < dimension; j++)
        {
            double s = 0, s2 = 0;
            for (int i = 0; i < n; i++) s += features[i * dimension + j];
            double m = s / n;
            for (int i = 0; i < n; i++) { double d = features[i * dimension + j] - m; s2 += d * d; }
            double sd = Math.Sqrt(s2 / n);
            mean[j] = (float)m;
            scale[j] = sd > 1e-8 ? (float)(1 / sd) : 1f;
        }
        Tensor x = Tensor.Wrap(Standardize(features, dimension, mean, scale), n, dimension);
        Tensor? classWeights = null;
        if (options.BalanceClasses)
        {
            var counts = new int[classes];
            foreach (int l in labels) counts[l]++;
            int present = counts.Count(c => c > 0);
            classWeights = Tensor.FromArray([.. counts.Select(c => c == 0 ? 0f : (float)(n / (present * (double)c)))]);
        }

        int wCount = classes * dimension;
        double lambda = options.L2;
        (double, double[]) Objective(double[] p)
        {
            var w = Tensor.FromArray([.. p.Take(wCount).Select(v => (float)v)], classes, dimension);
            var b = Tensor.FromArray([.. p.Skip(wCount).Select(v => (float)v)], classes);
            w.RequiresGrad = true;
            b.RequiresGrad = true;
            Tensor loss = Losses.CrossEntropy(Tensor.Linear(x, w, b), labels, classWeights);
            loss.Backward();
            double penalty = 0;
            var grad = new double[p.Length];
            float[] gw = w.Grad!.ToArray(), gb = b.Grad!.ToArray();
            for (int i = 0; i < wCount; i++)
            {
                penalty += p[i] * p[i];
                grad[i] = gw[i] + lambda * p[i];
            }
            for (int i = 0; i < classes; i++) grad[wCount + i] = gb[i];
            return (loss.Item() + 0.5 * lambda * penalty, grad);
        }

        var parameters = new double[wCount + classes];
        var (iterations, value) = Lbfgs.Minimize(Objective, parameters, options.MaxIterations, options.GradientTolerance, options.History);
        return new LinearProbe(mean, scale, [.. parameters.Take(wCount).Select(v => (float)v)], [.. parameters.Skip(wCount).Select(v => (float)v)],
            classes, iterations, value);
    }

    /// <summary>Class probabilities [N, K] of rows of <paramref name="features"/> ([N, D] row-major).</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="Dimension"/>, or a feature is not finite.</exception>
    public float[] PredictProbabilities(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        int d = Dimension;
        if (features.Length % d != 0) throw new ArgumentException($"features holds {features.Length} values, not a multiple of the probe's dimension {d}.", nameof(features));
        CheckFinite(features, d);
        int n = features.Length / d;
        Tensor x = Tensor.Wrap(Standardize(features, d, mean, scale), n, d);
        Tensor logits = Tensor.Linear(x, Tensor.Wrap(weight, Classes, d), Tensor.Wrap(bias, Classes));
        return Functional.Softmax(logits, 1).ToArray();
    }

    /// <summary>The most probable class of each row.</summary>
    public int[] Predict(float[] features)
    {
        float[] p = PredictProbabilities(features);
        int n = p.Length / Classes;
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int k = 1; k < Classes; k++) if (p[i * Classes + k] > p[i * Classes + best]) best = k;
            result[i] = best;
        }
        return result;
    }

    private static float[] Standardize(float[] features, int d, float[] mean, float[] scale)
    {
        var r = new float[features.Length];
        for (int i = 0; i < features.Length; i++) r[i] = (features[i] - mean[i % d]) * scale[i % d];
        return r;
    }

    private static void CheckFinite(float[] features, int d)
    {
        for (int i = 0; i < features.Length; i++)
            if (!float.IsFinite(features[i])) throw new ArgumentException($"Feature {i % d} of row {i / d} is {features[i]}.", nameof(features));
    }
}
