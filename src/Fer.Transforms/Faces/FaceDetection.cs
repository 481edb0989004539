using System.Drawing;

namespace Fer.Transforms.Faces;

/// <summary>
/// A detected face: its box in the pixels of the image it was found in (not clipped: a face at the
/// border may reach past the image, as in face-api) and the detector's confidence in (0, 1).
/// </summary>
/// <param name="Box">Left, top, width and height in image pixels.</param>
/// <param name="Score">The detector's confidence.</param>
public readonly record struct FaceDetection(RectangleF Box, float Score)
{
    /// <summary>The box's area in square pixels.</summary>
    public float Area => Box.Width * Box.Height;

    /// <summary>The box clipped to a <paramref name="width"/> x <paramref name="height"/> image (empty when it lies outside).</summary>
    public RectangleF ClippedBox(int width, int height)
    {
        float left = Math.Max(Box.Left, 0), top = Math.Max(Box.Top, 0);
        float right = Math.Min(Box.Right, width), bottom = Math.Min(Box.Bottom, height);
        return right > left && bottom > top ? RectangleF.FromLTRB(left, top, right, bottom) : RectangleF.Empty;
    }
}
