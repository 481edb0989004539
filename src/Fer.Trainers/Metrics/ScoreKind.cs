namespace Fer.Trainers.Metrics;

/// <summary>What the values of a score vector are; decides how log-loss reads them.</summary>
public enum ScoreKind
{
    /// <summary>
    /// Class probabilities: every value in [0, 1] and each row summing to 1 (within
    /// <see cref="MulticlassEvaluator.ProbabilitySumTolerance"/>). The Score column of this library's classifiers holds these.
    /// Rows that are not probability vectors are rejected, never silently renormalised.
    /// </summary>
    Probabilities,

    /// <summary>Unnormalised log-scores (logits): any finite values; a softmax turns each row into probabilities.</summary>
    Logits,
}
