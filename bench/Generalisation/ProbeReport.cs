using Fer.Tensors.Random;
using Fer.Trainers.FeatureExtractor.Probing;
using Fer.Trainers.Metrics;
using Fer.Transforms.Datasets;

namespace Fer.Generalisation;

/// <summary>One representation's linear-probe result: per-fold accuracy and macro-F1 (scikit-learn's macro over present classes).</summary>
internal sealed record ProbeResult(string Representation, int Dimension, double[] Accuracy, double[] MacroF1, double[] ChosenL2, double Seconds)
{
    public static (double Mean, double Std) Stats(double[] v)
    {
        double m = v.Average();
        return (m, Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / Math.Max(v.Length - 1, 1)));
    }
}

/// <summary>
/// The linear probe cross-validated by person: outer group K-fold over people; inside each training
/// part the L2 strength is chosen by an inner 3-fold group split (best mean macro-F1), then the probe
/// is refit on the whole training part and scored on the held-out people.
/// </summary>
internal static class ProbeReport
{
    internal static readonly double[] L2Grid = [1e-3, 1e-2, 1e-1, 1.0];

    internal static ProbeResult Run(string name, float[] features, int dimension, int[] labels, string[] groups, IReadOnlyList<string> classNames, int folds, ulong seed)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int n = labels.Length;
        int classes = classNames.Count;
        // The same folds for every representation: the generator depends on the seed only.
        IReadOnlyList<Fold> outer = DatasetSplits.GroupKFold(Enumerable.Range(0, n).ToArray(), i => groups[i], folds, new Generator(seed));
        var accuracy = new double[folds];
        var macroF1 = new double[folds];
        var chosen = new double[folds];
        for (int f = 0; f < folds; f++)
        {
            int[] train = [.. outer[f].Train], test = [.. outer[f].Test];
            chosen[f] = ChooseL2(features, dimension, labels, groups, classes, train, seed + (ulong)f + 1);
            LinearProbe probe = LinearProbe.Fit(Rows(features, dimension, train), dimension, [.. train.Select(i => labels[i])], classes, new LinearProbeOptions { L2 = chosen[f] });
            int[] predicted = probe.Predict(Rows(features, dimension, test));
            MulticlassMetrics m = MulticlassEvaluator.Evaluate([.. test.Select(i => labels[i])], predicted: predicted, classNames: classNames);
            accuracy[f] = m.Accuracy;
            macroF1[f] = m.MacroF1PresentClasses;
            Console.WriteLine($"  {name}: fold {f + 1}/{folds}: L2 {chosen[f]:G2}, accuracy {m.Accuracy:F3}, macro-F1 {m.MacroF1PresentClasses:F3} ({test.Length} test images)");
        }
        return new ProbeResult(name, dimension, accuracy, macroF1, chosen, clock.Elapsed.TotalSeconds);
    }

    private static double ChooseL2(float[] features, int dimension, int[] labels, string[] groups, int classes, int[] rows, ulong seed)
    {
        IReadOnlyList<Fold> inner = DatasetSplits.GroupKFold(rows, i => groups[i], 3, new Generator(seed));
        double best = L2Grid[^1], bestScore = double.NegativeInfinity;
        // Largest first, so ties go to the stronger penalty.
        foreach (double l2 in L2Grid.Reverse())
        {
            double score = 0;
            foreach (Fold fold in inner)
            {
                int[] tr = [.. fold.Train.Select(i => rows[i])], te = [.. fold.Test.Select(i => rows[i])];
                LinearProbe probe = LinearProbe.Fit(Rows(features, dimension, tr), dimension, [.. tr.Select(i => labels[i])], classes, new LinearProbeOptions { L2 = l2, MaxIterations = 150 });
                int[] predicted = probe.Predict(Rows(features, dimension, te));
                score += MulticlassEvaluator.Evaluate([.. te.Select(i => labels[i])], predicted: predicted).MacroF1PresentClasses;
            }
            if (score > bestScore + 1e-12) (best, bestScore) = (l2, score);
        }
        return best;
    }

    private static float[] Rows(float[] features, int dimension, int[] rows)
    {
        var r = new float[rows.Length * dimension];
        for (int i = 0; i < rows.Length; i++) features.AsSpan(rows[i] * dimension, dimension).CopyTo(r.AsSpan(i * dimension, dimension));
        return r;
    }
}
