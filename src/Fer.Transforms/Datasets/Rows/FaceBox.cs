namespace Fer.Transforms.Datasets;

/// <summary>A face rectangle in image pixels: left <paramref name="X"/>, top <paramref name="Y"/>, <paramref name="Width"/> and <paramref name="Height"/>.</summary>
public readonly record struct FaceBox(int X, int Y, int Width, int Height)
{
    /// <inheritdoc />
    public override string ToString() => $"({X}, {Y}, {Width}, {Height})";
}
