using System.Drawing;

namespace Fer.Cli.Scoring;

/// <summary>One prediction: a face of a photo (pretrained) or a whole image (model zip).</summary>
/// <param name="File">The image file.</param>
/// <param name="Face">1-based face number, or null when the whole image was scored.</param>
/// <param name="Box">The face's box in the image, or null.</param>
/// <param name="Expression">The most probable class.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Probabilities">Every class's probability, in the model's class order.</param>
internal sealed record PredictionRow(string File, int? Face, RectangleF? Box, string Expression, float Probability, IReadOnlyList<float> Probabilities);
