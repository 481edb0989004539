using Fer.Transforms.Taxonomy;

namespace Fer.Trainers.GcnMultitask;

/// <summary>
/// "Derived valence/arousal": targets for data that has expression votes but no valence/arousal
/// annotation (FER+). Each expression is placed at the valence and arousal of its name in the NRC
/// VAD Lexicon, and an image's derived values are the vote-weighted mean
/// (v, a) = sum_k p_k (v_k, a_k) over its vote distribution p.
/// <para>Source: Saif M. Mohammad, "Obtaining Reliable Human Ratings of Valence, Arousal, and Dominance
/// for 20,000 English Words", Proceedings of the 56th Annual Meeting of the Association for
/// Computational Linguistics (ACL 2018, Volume 1: Long Papers, Melbourne) — the NRC VAD Lexicon v1 (file
/// NRC-VAD-Lexicon.txt, 20,007 terms, scores in [0, 1]). The entries of the eight FER+ column names
/// (valence, arousal in [0, 1]): neutral 0.469, 0.184; happiness 0.960, 0.732; surprise 0.875, 0.875;
/// sadness 0.052, 0.288; anger 0.167, 0.865; disgust 0.052, 0.775; fear 0.073, 0.840; contempt 0.206,
/// 0.635. They are mapped to AffectNet's [-1, 1] scale by x' = 2x - 1 (the table in
/// <see cref="Table"/>).</para>
/// <para>These are ratings of the emotion <i>words</i>, not of faces: derived values measure where a
/// crowd's expression votes sit in valence-arousal space, not what an annotator of valence/arousal
/// would have rated the face. They are a linear function of the vote distribution, so predicting
/// them is easier than predicting real valence/arousal (AffectNet's CSV gives real ones).</para>
/// </summary>
public static class DerivedValenceArousal
{
    /// <summary>The citation of the table's source.</summary>
    public const string Source =
        "NRC VAD Lexicon v1: S. M. Mohammad, \"Obtaining Reliable Human Ratings of Valence, Arousal, and Dominance for 20,000 English Words\", ACL 2018; word scores in [0, 1] mapped to [-1, 1] by 2x - 1.";

    // NRC VAD Lexicon v1 scores of the FER+ column names, in [0, 1], Expression order.
    private static readonly (double Valence, double Arousal)[] Lexicon =
    [
        (0.469, 0.184), // neutral
        (0.960, 0.732), // happiness
        (0.875, 0.875), // surprise
        (0.052, 0.288), // sadness
        (0.167, 0.865), // anger
        (0.052, 0.775), // disgust
        (0.073, 0.840), // fear
        (0.206, 0.635), // contempt
    ];

    /// <summary>Valence and arousal in [-1, 1] of each canonical expression.</summary>
    public static IReadOnlyDictionary<Expression, (float Valence, float Arousal)> Table { get; } =
        Enum.GetValues<Expression>().ToDictionary(e => e, e => ((float)(2 * Lexicon[(int)e].Valence - 1), (float)(2 * Lexicon[(int)e].Arousal - 1)));

    /// <summary>The (valence, arousal) of each class, looked up by name (synonyms such as "happy" or "angry" are accepted).</summary>
    /// <exception cref="ArgumentException">A class name is not an expression.</exception>
    public static (float Valence, float Arousal)[] ForClasses(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var result = new (float, float)[classNames.Count];
        for (int k = 0; k < result.Length; k++)
        {
            if (!ExpressionNames.TryParse(classNames[k], out Expression e))
                throw new ArgumentException($"Class '{classNames[k]}' (position {k}) is not an expression name; derived valence/arousal needs the classes to be expressions ({string.Join(", ", Enum.GetValues<Expression>().Select(ExpressionNames.ToName))}).", nameof(classNames));
            result[k] = Table[e];
        }
        return result;
    }

    /// <summary>
    /// The derived (valence, arousal) of one vote distribution over <paramref name="classes"/>
    /// (normalised here, so raw vote counts work too).
    /// </summary>
    /// <returns>(NaN, NaN) when the distribution has no mass.</returns>
    /// <exception cref="ArgumentException">The lengths differ or a value is negative or not finite.</exception>
    public static (float Valence, float Arousal) FromDistribution(ReadOnlySpan<float> distribution, IReadOnlyList<(float Valence, float Arousal)> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (distribution.Length != classes.Count)
            throw new ArgumentException($"The distribution has {distribution.Length} values for {classes.Count} classes.", nameof(distribution));
        double sum = 0, v = 0, a = 0;
        for (int k = 0; k < distribution.Length; k++)
        {
            float p = distribution[k];
            if (!float.IsFinite(p) || p < 0) throw new ArgumentException($"Distribution value {k} is {p}; expected a finite value >= 0.", nameof(distribution));
            sum += p;
            v += p * (double)classes[k].Valence;
            a += p * (double)classes[k].Arousal;
        }
        return sum > 0 ? ((float)(v / sum), (float)(a / sum)) : (float.NaN, float.NaN);
    }
}
