using System.Drawing;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Faces;

/// <summary>Turning face boxes into crops: margins, clipping to the image, whole pixels.</summary>
public static class FaceCropping
{
    /// <summary>
    /// <paramref name="box"/> grown by <paramref name="margin"/> times its width on the left and on the
    /// right, and times its height above and below (0.1 adds 10 % on each side; negative shrinks).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The margin is not finite or is -0.5 or less (the box would vanish).</exception>
    public static RectangleF Expand(RectangleF box, float margin)
    {
        if (!float.IsFinite(margin) || margin <= -0.5f)
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "margin must be finite and greater than -0.5.");
        float dx = box.Width * margin, dy = box.Height * margin;
        return RectangleF.FromLTRB(box.Left - dx, box.Top - dy, box.Right + dx, box.Bottom + dy);
    }

    /// <summary>
    /// The whole-pixel region of <paramref name="box"/> inside <paramref name="image"/>, as face-api's
    /// clipAtImageBorders: the box is clipped to the image and its left, top, width and height are floored.
    /// </summary>
    /// <exception cref="ArgumentException">The box is not finite or does not cover a whole pixel of the image.</exception>
    public static Rectangle PixelRegion(Image image, RectangleF box)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!float.IsFinite(box.X) || !float.IsFinite(box.Y) || !float.IsFinite(box.Width) || !float.IsFinite(box.Height))
            throw new ArgumentException($"Face box {box} is not finite.", nameof(box));
        double x = Math.Max(box.Left, 0.0), y = Math.Max(box.Top, 0.0);
        double w = Math.Min(box.Right - x, image.Width - x), h = Math.Min(box.Bottom - y, image.Height - y);
        int left = (int)Math.Floor(x), top = (int)Math.Floor(y);
        int width = (int)Math.Floor(w), height = (int)Math.Floor(h);
        width = Math.Min(width, image.Width - left);
        height = Math.Min(height, image.Height - top);
        if (width < 1 || height < 1)
            throw new ArgumentException($"Face box {box} covers no whole pixel of the {image.Width}x{image.Height} image.", nameof(box));
        return new Rectangle(left, top, width, height);
    }

    /// <summary>Crops the face in <paramref name="box"/> grown by <paramref name="margin"/> (see <see cref="Expand"/>), clipped to the image.</summary>
    /// <exception cref="ArgumentException">The grown box covers no whole pixel of the image.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The margin is out of range.</exception>
    public static Image CropFace(Image image, RectangleF box, float margin = 0f)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Crop(PixelRegion(image, Expand(box, margin)));
    }
}
