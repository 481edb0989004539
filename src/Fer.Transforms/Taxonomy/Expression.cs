namespace Fer.Transforms.Taxonomy;

/// <summary>
/// The canonical facial expressions of this library. The order is FER+'s first eight vote
/// columns (neutral, happiness, surprise, sadness, anger, disgust, fear, contempt), so a FER+
/// vote index and an <see cref="Expression"/> value are the same number.
/// </summary>
public enum Expression
{
    /// <summary>No expression.</summary>
    Neutral = 0,

    /// <summary>Happiness (happy, joy).</summary>
    Happiness = 1,

    /// <summary>Surprise (surprised).</summary>
    Surprise = 2,

    /// <summary>Sadness (sad).</summary>
    Sadness = 3,

    /// <summary>Anger (angry).</summary>
    Anger = 4,

    /// <summary>Disgust (disgusted).</summary>
    Disgust = 5,

    /// <summary>Fear (fearful, scared).</summary>
    Fear = 6,

    /// <summary>Contempt; absent from FER2013, RAF-DB basic, face-api and 7-class schemes.</summary>
    Contempt = 7,
}
