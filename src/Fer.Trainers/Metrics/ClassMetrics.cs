namespace Fer.Trainers.Metrics;

/// <summary>
/// Precision, recall and F1 of one class, scikit-learn's <c>precision_recall_fscore_support</c> with
/// <c>zero_division=0</c>: a ratio whose denominator is 0 (a class never predicted, or absent from the truth) is 0.
/// </summary>
/// <param name="Name">The class name.</param>
/// <param name="Precision">TP / (TP + FP), 0 when the class is never predicted.</param>
/// <param name="Recall">TP / (TP + FN), 0 when the class never occurs in the truth.</param>
/// <param name="F1">2 TP / (2 TP + FP + FN), 0 when that denominator is 0.</param>
/// <param name="Support">How many rows have this class as their true label.</param>
/// <param name="Predicted">How many rows were predicted as this class.</param>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double F1, int Support, int Predicted);
