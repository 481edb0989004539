namespace Fer.Cli.Rendering;

/// <summary>An RGB colour.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Black or white, whichever reads better on this colour.</summary>
    public Rgb TextColour => 0.299 * R + 0.587 * G + 0.114 * B > 150 ? new Rgb(0, 0, 0) : new Rgb(255, 255, 255);

    /// <summary>"#rrggbb" for HTML.</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";
}
