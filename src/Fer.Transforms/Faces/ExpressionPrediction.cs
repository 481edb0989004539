using Fer.Transforms.Taxonomy;

namespace Fer.Transforms.Faces;

/// <summary>
/// What <see cref="FaceExpressionNet"/> says about one face: logits and softmax probabilities in
/// face-api's class order (<see cref="ExpressionTaxonomy.FaceApi"/>: neutral, happy, sad, angry,
/// fearful, disgusted, surprised) and the 256 pooled features the classifier reads.
/// </summary>
public sealed class ExpressionPrediction
{
    private static readonly LabelMapping ToCanonical8 = ExpressionTaxonomy.Map(ExpressionTaxonomy.FaceApi, ExpressionTaxonomy.Canonical8);

    internal ExpressionPrediction(float[] logits, float[] probabilities, float[] features)
    {
        Logits = logits;
        Probabilities = probabilities;
        Features = features;
        int best = 0;
        for (int i = 1; i < probabilities.Length; i++) if (probabilities[i] > probabilities[best]) best = i;
        PredictedIndex = best;
    }

    /// <summary>The 7 logits, face-api order.</summary>
    public IReadOnlyList<float> Logits { get; }

    /// <summary>The 7 probabilities (softmax of the logits), face-api order.</summary>
    public IReadOnlyList<float> Probabilities { get; }

    /// <summary>The 256 features before the classifier (average-pooled output of the last dense block).</summary>
    public IReadOnlyList<float> Features { get; }

    /// <summary>The position of the most probable class in face-api order (the first on ties).</summary>
    public int PredictedIndex { get; }

    /// <summary>The most probable expression.</summary>
    public Expression Predicted => ExpressionTaxonomy.FaceApi[PredictedIndex].Expression!.Value;

    /// <summary>The probability of <paramref name="expression"/> (0 for contempt, which the model lacks).</summary>
    public float ProbabilityOf(Expression expression)
        => ExpressionTaxonomy.FaceApi.PositionOf(expression) is int p ? Probabilities[p] : 0f;

    /// <summary>The probabilities in the order of <paramref name="scheme"/> (e.g. <see cref="ExpressionTaxonomy.Canonical8"/>, whose contempt gets 0).</summary>
    public float[] ProbabilitiesIn(LabelScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        var mapping = ReferenceEquals(scheme, ExpressionTaxonomy.Canonical8) ? ToCanonical8 : ExpressionTaxonomy.Map(ExpressionTaxonomy.FaceApi, scheme);
        return mapping.MapScores([.. Probabilities]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{ExpressionTaxonomy.FaceApi[PredictedIndex].Name} ({Probabilities[PredictedIndex]:P1})";
}
