using Fer.MLNet.Data;
using Fer.MLNet.Evaluation;
using Fer.Trainers.Metrics;

namespace Fer.MLNet.Catalogs;

public sealed partial class EvaluationCatalog
{
    /// <summary>
    /// Multiclass metrics of scored data: accuracy, balanced accuracy, macro/weighted F1, per-class
    /// precision/recall/F1, Cohen's kappa, the confusion matrix and, from the scores, log-loss and top-k
    /// accuracy (definitions in <see cref="MulticlassEvaluator"/>, following scikit-learn). Class names come
    /// from the score column's SlotNames or the label's KeyValues (which must agree when both are present).
    /// Rows labelled -1 are skipped, counted in <see cref="MulticlassMetrics.UnlabelledRowCount"/> and logged.
    /// </summary>
    /// <param name="data">Scored rows.</param>
    /// <param name="labelColumnName">The Int32 column of true class indices (0-based; -1 = unlabelled).</param>
    /// <param name="scoreColumnName">The vector column of per-class scores, or null to evaluate predicted labels only.</param>
    /// <param name="predictedLabelColumnName">The Int32 column of predicted classes, or null to take the arg-max of the scores.</param>
    /// <param name="topK">The k of top-k accuracy; null for k = 2, 3 (those below the class count).</param>
    /// <param name="scoreKind">Whether the scores are probabilities (checked: in [0, 1], rows sum to 1) or logits (softmax for log-loss).</param>
    /// <exception cref="ArgumentException">A column is missing or has the wrong type, class names disagree, or a value is invalid (the message names the column and row).</exception>
    public MulticlassMetrics Multiclass(IDataView data, string labelColumnName = "Label", string? scoreColumnName = "Score", string? predictedLabelColumnName = "PredictedLabel", IReadOnlyList<int>? topK = null, ScoreKind scoreKind = ScoreKind.Probabilities)
        => MulticlassDataEvaluator.Evaluate(Context, data, labelColumnName, scoreColumnName, predictedLabelColumnName, topK, scoreKind);

    /// <summary>
    /// Regression metrics (RMSE, MAE, PCC, CCC, SAGR, R², see <see cref="RegressionEvaluator"/>) of a Single
    /// prediction column against a Single truth column; rows with a NaN truth are skipped, counted and logged.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or not Single, a prediction is not finite, or no truth is present.</exception>
    public RegressionMetrics Regression(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score")
        => RegressionDataEvaluator.Regression(Context, data, labelColumnName, scoreColumnName);

    /// <summary>
    /// Per-dimension regression metrics (CCC, RMSE, PCC, SAGR, MAE, R²) of predicted valence and arousal against
    /// the true values; each dimension skips (and counts) its own rows with a NaN truth.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or not Single, a prediction is not finite, or a dimension has no truth at all.</exception>
    public ValenceArousalMetrics ValenceArousal(IDataView data, string valenceColumnName = "Valence", string arousalColumnName = "Arousal", string predictedValenceColumnName = "PredictedValence", string predictedArousalColumnName = "PredictedArousal")
        => RegressionDataEvaluator.ValenceArousal(Context, data, valenceColumnName, arousalColumnName, predictedValenceColumnName, predictedArousalColumnName);

    /// <summary>
    /// Triplet accuracy of embeddings: <paramref name="triplets"/> (anchor, positive, negative) triplets drawn
    /// from the labels (rows labelled -1 left out) with a generator seeded by <paramref name="seed"/> (default: the
    /// context's seed, so the same data gives the same number), scored as d(a, p) &lt; d(a, n).
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or has the wrong type, embeddings differ in length or are not finite, or no triplet can be formed.</exception>
    public TripletMetrics Embeddings(IDataView data, string labelColumnName = "Label", string featuresColumnName = "Features", int triplets = 10000, int? seed = null, DistanceMetric distance = DistanceMetric.Euclidean)
        => EmbeddingDataEvaluator.Evaluate(Context, data, labelColumnName, featuresColumnName, triplets, seed, distance);
}
