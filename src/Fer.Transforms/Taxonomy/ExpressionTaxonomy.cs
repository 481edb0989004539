using System.Diagnostics.CodeAnalysis;

namespace Fer.Transforms.Taxonomy;

/// <summary>
/// The label orders of the datasets and models this library reads, as <see cref="LabelScheme"/>s,
/// and mappings between them. Codes are the numbers written in each dataset's files.
/// </summary>
public static class ExpressionTaxonomy
{
    /// <summary>The eight canonical expressions in <see cref="Expression"/> order (codes 0..7).</summary>
    public static LabelScheme Canonical8 { get; } = new("canonical-8",
        Enum.GetValues<Expression>().Select(e => new LabelEntry((int)e, ExpressionNames.ToName(e), e)));

    /// <summary>The seven basic expressions without contempt, in <see cref="Expression"/> order (codes 0..6).</summary>
    public static LabelScheme Canonical7 { get; } = new("canonical-7",
        Enum.GetValues<Expression>().Where(e => e != Expression.Contempt).Select(e => new LabelEntry((int)e, ExpressionNames.ToName(e), e)));

    /// <summary>FER+ vote columns: neutral, happiness, surprise, sadness, anger, disgust, fear, contempt (= <see cref="Expression"/>), then unknown (8) and NF, not a face (9).</summary>
    public static LabelScheme FerPlus { get; } = new("ferplus",
        [.. Canonical8.Entries, new LabelEntry(8, "unknown", null), new LabelEntry(9, "NF", null)]);

    /// <summary>FER2013's emotion column: 0=Angry, 1=Disgust, 2=Fear, 3=Happy, 4=Sad, 5=Surprise, 6=Neutral.</summary>
    public static LabelScheme Fer2013 { get; } = new("fer2013",
    [
        new(0, "Angry", Expression.Anger), new(1, "Disgust", Expression.Disgust), new(2, "Fear", Expression.Fear),
        new(3, "Happy", Expression.Happiness), new(4, "Sad", Expression.Sadness), new(5, "Surprise", Expression.Surprise),
        new(6, "Neutral", Expression.Neutral),
    ]);

    /// <summary>AffectNet's expression column: 0 Neutral, 1 Happy, 2 Sad, 3 Surprise, 4 Fear, 5 Disgust, 6 Anger, 7 Contempt, then 8 None, 9 Uncertain, 10 Non-Face (no expression).</summary>
    public static LabelScheme AffectNet { get; } = new("affectnet",
    [
        new(0, "Neutral", Expression.Neutral), new(1, "Happy", Expression.Happiness), new(2, "Sad", Expression.Sadness),
        new(3, "Surprise", Expression.Surprise), new(4, "Fear", Expression.Fear), new(5, "Disgust", Expression.Disgust),
        new(6, "Anger", Expression.Anger), new(7, "Contempt", Expression.Contempt),
        new(8, "None", null), new(9, "Uncertain", null), new(10, "Non-Face", null),
    ]);

    /// <summary>RAF-DB basic emotions (codes from 1): 1 Surprise, 2 Fear, 3 Disgust, 4 Happiness, 5 Sadness, 6 Anger, 7 Neutral.</summary>
    public static LabelScheme RafDbBasic { get; } = LabelScheme.FromNames("rafdb-basic",
        ["Surprise", "Fear", "Disgust", "Happiness", "Sadness", "Anger", "Neutral"], firstCode: 1);

    /// <summary>face-api.js FaceExpressionNet outputs: neutral, happy, sad, angry, fearful, disgusted, surprised.</summary>
    public static LabelScheme FaceApi { get; } = LabelScheme.FromNames("faceapi",
        ["neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"]);

    /// <summary>The IVP thermal dataset's class folders in sorted order: anger, fear, happy, neutral, sad, surprise.</summary>
    public static LabelScheme IvpThermal { get; } = LabelScheme.FromNames("ivp-thermal",
        ["anger", "fear", "happy", "neutral", "sad", "surprise"]);

    /// <summary>The lfw-expressions legend.csv emotions in sorted order: anger, contempt, disgust, fear, happiness, neutral, sadness, surprise.</summary>
    public static LabelScheme LfwExpressions { get; } = LabelScheme.FromNames("lfw-expressions",
        ["anger", "contempt", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"]);

    /// <summary>Every scheme above.</summary>
    public static IReadOnlyList<LabelScheme> All { get; } =
        [Canonical8, Canonical7, FerPlus, Fer2013, AffectNet, RafDbBasic, FaceApi, IvpThermal, LfwExpressions];

    /// <summary>Finds a scheme of <see cref="All"/> by name, ignoring case.</summary>
    public static bool TryGet(string? name, [NotNullWhen(true)] out LabelScheme? scheme)
    {
        scheme = All.FirstOrDefault(s => string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return scheme is not null;
    }

    /// <summary>Finds a scheme of <see cref="All"/> by name, ignoring case.</summary>
    /// <exception cref="ArgumentException">No such scheme; the message lists the names.</exception>
    public static LabelScheme Get(string name)
    {
        if (TryGet(name, out var s)) return s;
        throw new ArgumentException($"No label scheme named '{name}'; known: {string.Join(", ", All.Select(x => x.Name))}.", nameof(name));
    }

    /// <summary>The mapping from <paramref name="source"/>'s positions to <paramref name="target"/>'s.</summary>
    public static LabelMapping Map(LabelScheme source, LabelScheme target) => new(source, target);
}
