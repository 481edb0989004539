namespace Fer.Cli.Faces;

/// <summary>The faces of one photo.</summary>
internal sealed record PhotoResult(string File, int Width, int Height, IReadOnlyList<FaceResult> Faces);
