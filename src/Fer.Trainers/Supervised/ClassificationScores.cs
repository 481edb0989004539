namespace Fer.Trainers.Supervised;

/// <summary>The validation numbers the training loop monitors: accuracy, macro-F1 (over classes present in truth or prediction) and loss.</summary>
internal static class ClassificationScores
{
    internal static Dictionary<string, double> Compute(int[] truth, int[] predicted, int classes, double loss)
    {
        var tp = new int[classes];
        var fp = new int[classes];
        var fn = new int[classes];
        int correct = 0, n = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            if (truth[i] < 0) continue;
            n++;
            if (truth[i] == predicted[i]) { correct++; tp[truth[i]]++; }
            else { fn[truth[i]]++; if (predicted[i] >= 0 && predicted[i] < classes) fp[predicted[i]]++; }
        }
        double f1Sum = 0;
        int used = 0;
        for (int c = 0; c < classes; c++)
        {
            if (tp[c] + fp[c] + fn[c] == 0) continue;
            used++;
            f1Sum += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
        }
        return new Dictionary<string, double>
        {
            ["accuracy"] = n == 0 ? 0 : (double)correct / n,
            ["macro_f1"] = used == 0 ? 0 : f1Sum / used,
            ["loss"] = loss,
        };
    }
}
