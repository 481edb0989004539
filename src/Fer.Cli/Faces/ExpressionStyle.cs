using System.Globalization;
using Fer.Cli.Rendering;
using Fer.Transforms.Faces;
using Fer.Transforms.Taxonomy;

namespace Fer.Cli.Faces;

/// <summary>How expressions are shown: a colour per expression and labels such as "happy 97%".</summary>
internal static class ExpressionStyle
{
    /// <summary>Boxes of faces without an expression.</summary>
    public static Rgb Face { get; } = new(0, 200, 255);

    public static Rgb For(Expression e) => e switch
    {
        Expression.Neutral => new Rgb(200, 200, 200),
        Expression.Happiness => new Rgb(255, 215, 0),
        Expression.Surprise => new Rgb(255, 140, 0),
        Expression.Sadness => new Rgb(65, 105, 225),
        Expression.Anger => new Rgb(220, 20, 60),
        Expression.Disgust => new Rgb(34, 139, 34),
        Expression.Fear => new Rgb(148, 0, 211),
        _ => new Rgb(255, 255, 255),
    };

    /// <summary>The face-api name of the most probable expression ("happy").</summary>
    public static string Name(ExpressionPrediction p) => FaceExpressionNet.Classes.Names[p.PredictedIndex];

    /// <summary>Its probability.</summary>
    public static float Probability(ExpressionPrediction p) => p.Probabilities[p.PredictedIndex];

    /// <summary>"happy 97%".</summary>
    public static string Label(ExpressionPrediction p) => $"{Name(p)} {Percent(Probability(p))}";

    public static string Percent(float probability) => (100 * probability).ToString("0", CultureInfo.InvariantCulture) + "%";
}
