using System.Drawing;
using Fer.Transforms.Faces;

namespace Fer.Cli.Faces;

/// <summary>One face found in a photo: its box, the detector's confidence and, when asked for, its expression.</summary>
/// <param name="Index">1-based, highest detector score first.</param>
internal sealed record FaceResult(int Index, RectangleF Box, float DetectorScore, ExpressionPrediction? Expression);
