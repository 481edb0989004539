using System.Diagnostics.CodeAnalysis;

namespace Fer.Transforms.Taxonomy;

/// <summary>
/// Canonical names of <see cref="Expression"/> values and case-insensitive parsing of the names
/// datasets and models use for them (happy/happiness/joy, angry/anger, sad/sadness,
/// surprised/surprise, fearful/fear/scared, disgusted/disgust, neutral, contempt).
/// </summary>
public static class ExpressionNames
{
    private static readonly string[] Canonical =
        ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt"];

    private static readonly Dictionary<string, Expression> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["neutral"] = Expression.Neutral,
        ["neutrality"] = Expression.Neutral,
        ["happiness"] = Expression.Happiness,
        ["happy"] = Expression.Happiness,
        ["joy"] = Expression.Happiness,
        ["surprise"] = Expression.Surprise,
        ["surprised"] = Expression.Surprise,
        ["sadness"] = Expression.Sadness,
        ["sad"] = Expression.Sadness,
        ["anger"] = Expression.Anger,
        ["angry"] = Expression.Anger,
        ["disgust"] = Expression.Disgust,
        ["disgusted"] = Expression.Disgust,
        ["fear"] = Expression.Fear,
        ["fearful"] = Expression.Fear,
        ["scared"] = Expression.Fear,
        ["afraid"] = Expression.Fear,
        ["contempt"] = Expression.Contempt,
        ["contemptuous"] = Expression.Contempt,
    };

    /// <summary>Every name <see cref="TryParse"/> accepts, lower case.</summary>
    public static IReadOnlyCollection<string> KnownNames => Synonyms.Keys;

    /// <summary>The canonical lower-case name of <paramref name="expression"/> (FER+'s column name).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined expression.</exception>
    public static string ToName(Expression expression)
    {
        int i = (int)expression;
        if ((uint)i >= (uint)Canonical.Length)
            throw new ArgumentOutOfRangeException(nameof(expression), $"{i} is not an Expression value (0..{Canonical.Length - 1}).");
        return Canonical[i];
    }

    /// <summary>Parses a name or synonym, ignoring case and surrounding white space.</summary>
    /// <returns>False for null, empty or unknown names (e.g. "unknown", "NF", "None").</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out Expression expression)
    {
        expression = default;
        if (string.IsNullOrWhiteSpace(name)) return false;
        return Synonyms.TryGetValue(name.Trim(), out expression);
    }

    /// <summary>Parses a name or synonym, ignoring case and surrounding white space.</summary>
    /// <exception cref="FormatException">The name is not a known expression; the message lists the known names.</exception>
    public static Expression Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryParse(name, out var e)) return e;
        throw new FormatException($"'{name}' is not a known expression name; expected one of: {string.Join(", ", Synonyms.Keys)}.");
    }
}
