using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Datasets;

/// <summary>
/// Turns FER+ vote counts (ten columns: neutral, happiness, surprise, sadness, anger, disgust,
/// fear, contempt, unknown, NF) into a label under a <see cref="FerPlusLabelMode"/>.
/// </summary>
public static class FerPlusVoting
{
    /// <summary>The number of FER+ vote columns.</summary>
    public const int ColumnCount = 10;

    /// <summary>The number of emotion columns (the first eight, in <see cref="Expression"/> order).</summary>
    public const int EmotionCount = 8;

    private const int Unknown = 8, NotFace = 9;

    /// <summary>
    /// Decides the label of one row: the emotion's position (= <see cref="Expression"/> value) and
    /// its normalised distribution over the eight emotions, or null with the reason the row is dropped.
    /// </summary>
    /// <exception cref="ArgumentException">Not ten votes, or a negative or non-finite vote.</exception>
    public static int? Decide(ReadOnlySpan<float> votes, FerPlusReaderOptions options, out float[]? distribution, out string? dropReason)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (votes.Length != ColumnCount) throw new ArgumentException($"FER+ rows have {ColumnCount} vote columns, got {votes.Length}.", nameof(votes));
        double total = 0;
        foreach (float v in votes)
        {
            if (!float.IsFinite(v) || v < 0) throw new ArgumentException($"Votes must be finite and non-negative, got {v}.", nameof(votes));
            total += v;
        }
        distribution = null;
        dropReason = null;
        bool probability = options.Mode == FerPlusLabelMode.Probability;
        // In Probability mode without contempt, contempt votes are removed; otherwise contempt rows are dropped afterwards.
        int emotions = probability && !options.IncludeContempt ? EmotionCount - 1 : EmotionCount;
        double emotionSum = 0;
        int top = 0, ties = 1;
        for (int i = 0; i < emotions; i++)
        {
            emotionSum += votes[i];
            if (i == 0) continue;
            if (votes[i] > votes[top]) { top = i; ties = 1; }
            else if (votes[i] == votes[top]) ties++;
        }
        if (emotionSum == 0)
        {
            dropReason = total == 0 ? "no votes" : "no emotion votes";
            return null;
        }
        float best = votes[top];
        if (options.DropUnknown && votes[Unknown] > best) { dropReason = "'unknown' has the most votes"; return null; }
        if (options.DropNotFace && votes[NotFace] > best) { dropReason = "'NF' (not a face) has the most votes"; return null; }
        switch (options.Mode)
        {
            case FerPlusLabelMode.Majority when ties > 1 && options.DropTies:
                dropReason = "tie for the most votes";
                return null;
            case FerPlusLabelMode.StrictMajority when 2.0 * best <= total:
                dropReason = "no strict majority";
                return null;
        }
        if (top == (int)Expression.Contempt && !options.IncludeContempt)
        {
            dropReason = "contempt excluded";
            return null;
        }
        distribution = new float[EmotionCount];
        for (int i = 0; i < emotions; i++) distribution[i] = (float)(votes[i] / emotionSum);
        return top;
    }
}
