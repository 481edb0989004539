namespace Fer.Trainers.Metrics;

/// <summary>
/// Multiclass classification metrics from true labels and predicted scores and/or labels, with
/// scikit-learn's definitions:
/// <list type="bullet">
/// <item>Per-class precision/recall/F1 as <c>precision_recall_fscore_support(zero_division=0)</c>.</item>
/// <item><see cref="MulticlassMetrics.MacroF1"/> averages over all C declared classes, as scikit-learn does
/// when <c>labels=range(C)</c> is given; <see cref="MulticlassMetrics.MacroF1PresentClasses"/> averages over
/// the classes in truth ∪ prediction, its default without <c>labels</c>.</item>
/// <item>Balanced accuracy: mean recall over classes present in the truth (<c>balanced_accuracy_score</c>).</item>
/// <item>Cohen's kappa: (p_o - p_e) / (1 - p_e) (<c>cohen_kappa_score</c>), NaN when p_e = 1.</item>
/// <item>Log-loss: probabilities clipped to [1e-15, 1 - 1e-15], each row renormalised, mean of -ln p(true class)
/// (<c>log_loss</c> with its former default <c>eps=1e-15</c>).</item>
/// <item>Top-k accuracy as <c>top_k_accuracy_score</c>: classes ranked by score with ties going to the higher
/// class index (its reversed stable argsort), so with ties top-1 can differ from <see cref="MulticlassMetrics.Accuracy"/>.</item>
/// </list>
/// The predicted label of a row without an explicit prediction is the first index of its highest
/// score (<c>numpy.argmax</c>). Rows labelled -1 are unlabelled: skipped and counted.
/// </summary>
public static class MulticlassEvaluator
{
    /// <summary>The probability clip for log-loss (scikit-learn's former default eps).</summary>
    public const double LogLossClip = 1e-15;

    /// <summary>How far a row of <see cref="ScoreKind.Probabilities"/> may sum from 1 (float32 softmax rounding).</summary>
    public const double ProbabilitySumTolerance = 1e-3;

    /// <summary>The top-k list used when none is given: k = 2 and 3, keeping only k below the class count.</summary>
    public static IReadOnlyList<int> DefaultTopK { get; } = [2, 3];

    /// <summary>
    /// Computes the metrics. Give <paramref name="scores"/> (rows of C scores), <paramref name="predicted"/>
    /// labels, or both (then the labels decide accuracy/F1/kappa and the scores log-loss and top-k).
    /// </summary>
    /// <param name="truth">True class indices in [0, C), or -1 for an unlabelled row (skipped).</param>
    /// <param name="scores">Per-row scores [N][C] (probabilities or logits, see <paramref name="scoreKind"/>), or null.</param>
    /// <param name="predicted">Predicted class indices in [0, C), or null to take the arg-max of the scores.</param>
    /// <param name="classNames">The C class names; null names them "0", "1", ... with C from the scores or the largest label.</param>
    /// <param name="scoreKind">Whether scores are probabilities (checked) or logits (softmax applied for log-loss).</param>
    /// <param name="topK">The k of top-k accuracy (each at least 1); null uses <see cref="DefaultTopK"/>.</param>
    /// <exception cref="ArgumentException">
    /// Lengths differ, both scores and predictions are missing, a label or prediction is outside [0, C),
    /// a score row has the wrong length or non-finite values, a probability row is not a distribution,
    /// a k is below 1, or no row is labelled.
    /// </exception>
    public static MulticlassMetrics Evaluate(
        IReadOnlyList<int> truth,
        IReadOnlyList<float[]>? scores = null,
        IReadOnlyList<int>? predicted = null,
        IReadOnlyList<string>? classNames = null,
        ScoreKind scoreKind = ScoreKind.Probabilities,
        IReadOnlyList<int>? topK = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        if (scores is null && predicted is null)
            throw new ArgumentException("Give scores, predicted labels or both: there is nothing to evaluate.", nameof(scores));
        int n = truth.Count;
        if (scores is not null && scores.Count != n)
            throw new ArgumentException($"scores has {scores.Count} rows but truth has {n}.", nameof(scores));
        if (predicted is not null && predicted.Count != n)
            throw new ArgumentException($"predicted has {predicted.Count} rows but truth has {n}.", nameof(predicted));
        if (scoreKind is not (ScoreKind.Probabilities or ScoreKind.Logits))
            throw new ArgumentOutOfRangeException(nameof(scoreKind), scoreKind, "Unknown score kind.");

        int classCount = ClassCount(truth, scores, predicted, classNames);
        IReadOnlyList<string> names = classNames ?? [.. Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        int[] ks = TopKList(topK, classCount, scores is not null);

        var counts = new int[classCount][];
        for (int c = 0; c < classCount; c++) counts[c] = new int[classCount];
        var topHits = new long[ks.Length];
        double logLossSum = 0;
        int used = 0, unlabelled = 0;
        var probabilities = new double[classCount];
        for (int i = 0; i < n; i++)
        {
            int t = truth[i];
            if (t == -1)
            {
                unlabelled++;
                continue;
            }
            if ((uint)t >= (uint)classCount)
                throw new ArgumentException($"truth[{i}] = {t} is not a class index in [0, {classCount}) (-1 marks an unlabelled row).", nameof(truth));
            float[]? row = scores?[i];
            if (row is not null) CheckScores(row, i, classCount, scoreKind, nameof(scores));
            int p = predicted is not null ? predicted[i] : ArgMax(row!);
            if ((uint)p >= (uint)classCount)
                throw new ArgumentException($"predicted[{i}] = {p} is not a class index in [0, {classCount}).", nameof(predicted));
            counts[t][p]++;
            used++;
            if (row is null) continue;
            int rank = TieAwareRank(row, t);
            for (int j = 0; j < ks.Length; j++)
                if (rank < ks[j]) topHits[j]++;
            ToProbabilities(row, scoreKind, probabilities);
            logLossSum += ClippedLogLoss(probabilities, t);
        }
        if (used == 0)
            throw new ArgumentException(n == 0 ? "truth is empty: nothing to evaluate." : $"No labelled rows: all {n} rows have label -1.", nameof(truth));

        return Summarise(new ConfusionMatrix(names, counts), used, unlabelled,
            scores is null ? null : logLossSum / used,
            [.. ks.Select((k, j) => new TopKAccuracy(k, (double)topHits[j] / used))]);
    }

    private static int ClassCount(IReadOnlyList<int> truth, IReadOnlyList<float[]>? scores, IReadOnlyList<int>? predicted, IReadOnlyList<string>? classNames)
    {
        int fromScores = -1;
        if (scores is not null)
        {
            for (int i = 0; i < scores.Count; i++)
            {
                if (scores[i] is null) throw new ArgumentException($"scores[{i}] is null.", nameof(scores));
                if (fromScores < 0) fromScores = scores[i].Length;
            }
            if (fromScores == 0) throw new ArgumentException("Score rows are empty: expected one score per class.", nameof(scores));
        }
        if (classNames is not null)
        {
            if (classNames.Count == 0) throw new ArgumentException("classNames is empty.", nameof(classNames));
            if (fromScores >= 0 && fromScores != classNames.Count)
                throw new ArgumentException($"Score rows have {fromScores} values but {classNames.Count} class names were given.", nameof(scores));
            return classNames.Count;
        }
        if (fromScores >= 0) return fromScores;
        int max = -1;
        foreach (int t in truth) max = Math.Max(max, t);
        foreach (int p in predicted!) max = Math.Max(max, p);
        if (max < 0) throw new ArgumentException("No class index found in truth or predicted to count the classes; give classNames.", nameof(classNames));
        return max + 1;
    }

    private static int[] TopKList(IReadOnlyList<int>? topK, int classCount, bool hasScores)
    {
        if (!hasScores) return [];
        if (topK is null) return [.. DefaultTopK.Where(k => k < classCount)];
        foreach (int k in topK)
            if (k < 1) throw new ArgumentOutOfRangeException(nameof(topK), k, "Every top-k k must be at least 1.");
        return [.. topK.Distinct()];
    }

    private static void CheckScores(float[] row, int i, int classCount, ScoreKind kind, string paramName)
    {
        if (row.Length != classCount)
            throw new ArgumentException($"scores[{i}] has {row.Length} values; expected {classCount} (one per class).", paramName);
        double sum = 0;
        for (int c = 0; c < row.Length; c++)
        {
            float v = row[c];
            if (!float.IsFinite(v)) throw new ArgumentException($"scores[{i}][{c}] is {v}; scores must be finite.", paramName);
            if (kind == ScoreKind.Probabilities && (v < 0f || v > 1f + ProbabilitySumTolerance))
                throw new ArgumentException($"scores[{i}][{c}] = {v} is not a probability in [0, 1]; pass ScoreKind.Logits for unnormalised scores.", paramName);
            sum += v;
        }
        if (kind == ScoreKind.Probabilities && Math.Abs(sum - 1) > ProbabilitySumTolerance)
            throw new ArgumentException($"scores[{i}] sums to {sum:G6}, not 1 (tolerance {ProbabilitySumTolerance}): not a probability vector; pass ScoreKind.Logits for unnormalised scores.", paramName);
    }

    /// <summary>The first index of the largest value (numpy.argmax).</summary>
    internal static int ArgMax(float[] row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
            if (row[c] > row[best]) best = c;
        return best;
    }

    /// <summary>
    /// The 0-based position of class <paramref name="t"/> when classes are sorted by descending score
    /// with ties ordered by descending index (scikit-learn's <c>argsort(kind="mergesort")[:, ::-1]</c>).
    /// </summary>
    internal static int TieAwareRank(float[] row, int t)
    {
        int rank = 0;
        for (int c = 0; c < row.Length; c++)
            if (row[c] > row[t] || (row[c] == row[t] && c > t)) rank++;
        return rank;
    }

    private static void ToProbabilities(float[] row, ScoreKind kind, double[] probabilities)
    {
        if (kind == ScoreKind.Probabilities)
        {
            for (int c = 0; c < row.Length; c++) probabilities[c] = row[c];
            return;
        }
        double max = double.NegativeInfinity;
        foreach (float v in row) max = Math.Max(max, v);
        double sum = 0;
        for (int c = 0; c < row.Length; c++) sum += probabilities[c] = Math.Exp(row[c] - max);
        for (int c = 0; c < row.Length; c++) probabilities[c] /= sum;
    }

    private static double ClippedLogLoss(double[] probabilities, int t)
    {
        double sum = 0;
        foreach (double p in probabilities) sum += Math.Clamp(p, LogLossClip, 1 - LogLossClip);
        return -Math.Log(Math.Clamp(probabilities[t], LogLossClip, 1 - LogLossClip) / sum);
    }

    private static MulticlassMetrics Summarise(ConfusionMatrix matrix, int used, int unlabelled, double? logLoss, IReadOnlyList<TopKAccuracy> topK)
    {
        int classCount = matrix.ClassCount;
        var perClass = new ClassMetrics[classCount];
        long correct = 0, agreementByChance = 0;
        double recallSum = 0, presentF1Sum = 0, weightedF1 = 0;
        int truthClasses = 0, presentClasses = 0;
        for (int c = 0; c < classCount; c++)
        {
            long tp = matrix[c, c], support = matrix.RowSum(c), predictedCount = matrix.ColumnSum(c);
            long fn = support - tp, fp = predictedCount - tp;
            double precision = Ratio(tp, tp + fp), recall = Ratio(tp, tp + fn), f1 = Ratio(2 * tp, 2 * tp + fp + fn);
            perClass[c] = new ClassMetrics(matrix.ClassNames[c], precision, recall, f1, (int)support, (int)predictedCount);
            correct += tp;
            agreementByChance += support * predictedCount;
            weightedF1 += f1 * support;
            if (support > 0)
            {
                truthClasses++;
                recallSum += recall;
            }
            if (support > 0 || predictedCount > 0)
            {
                presentClasses++;
                presentF1Sum += f1;
            }
        }
        // kappa = (p_o - p_e) / (1 - p_e) with p_e = sum(row_c * col_c) / N^2; undefined when p_e = 1 exactly.
        long n2 = (long)used * used;
        double kappa = agreementByChance == n2 ? double.NaN : ((double)correct / used - (double)agreementByChance / n2) / (1 - (double)agreementByChance / n2);
        return new MulticlassMetrics
        {
            ClassNames = matrix.ClassNames,
            RowCount = used,
            UnlabelledRowCount = unlabelled,
            Accuracy = (double)correct / used,
            BalancedAccuracy = recallSum / truthClasses,
            MacroPrecision = perClass.Average(m => m.Precision),
            MacroRecall = perClass.Average(m => m.Recall),
            MacroF1 = perClass.Average(m => m.F1),
            MacroF1PresentClasses = presentF1Sum / presentClasses,
            WeightedF1 = weightedF1 / used,
            CohenKappa = kappa,
            LogLoss = logLoss,
            TopK = topK,
            PerClass = perClass,
            ConfusionMatrix = matrix,
        };
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
