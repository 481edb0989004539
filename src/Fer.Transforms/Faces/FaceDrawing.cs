using System.Drawing;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Faces;

/// <summary>Draws boxes and points onto a copy of an image (to look at detections and landmarks).</summary>
public static class FaceDrawing
{
    /// <summary>
    /// An RGB copy of <paramref name="image"/> (grey is expanded) with the outline of each box drawn
    /// <paramref name="thickness"/> pixels wide, inside the box's edge, clipped to the image.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The thickness is below 1.</exception>
    public static Image DrawBoxes(Image image, IEnumerable<RectangleF> boxes, Color colour, int thickness = 2)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentOutOfRangeException.ThrowIfLessThan(thickness, 1);
        Image result = ToRgb(image);
        foreach (RectangleF box in boxes)
        {
            if (!float.IsFinite(box.X) || !float.IsFinite(box.Y) || !float.IsFinite(box.Width) || !float.IsFinite(box.Height)) continue;
            int left = (int)Math.Round(box.Left), top = (int)Math.Round(box.Top);
            int right = (int)Math.Round(box.Right) - 1, bottom = (int)Math.Round(box.Bottom) - 1;
            for (int t = 0; t < thickness; t++)
            {
                Fill(result, left, top + t, right, top + t, colour);
                Fill(result, left, bottom - t, right, bottom - t, colour);
                Fill(result, left + t, top, left + t, bottom, colour);
                Fill(result, right - t, top, right - t, bottom, colour);
            }
        }
        return result;
    }

    /// <summary>An RGB copy of <paramref name="image"/> with a square dot of side <paramref name="size"/> centred on each point.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is below 1.</exception>
    public static Image DrawPoints(Image image, IEnumerable<PointF> points, Color colour, int size = 3)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Image result = ToRgb(image);
        foreach (PointF p in points)
        {
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y)) continue;
            int x0 = (int)Math.Round(p.X) - size / 2, y0 = (int)Math.Round(p.Y) - size / 2;
            Fill(result, x0, y0, x0 + size - 1, y0 + size - 1, colour);
        }
        return result;
    }

    private static Image ToRgb(Image image)
    {
        if (image.Channels == 3) return image.Clone();
        var rgb = new Image(image.Width, image.Height, 3);
        for (int i = 0; i < image.Pixels.Length; i++)
            rgb.Pixels[3 * i] = rgb.Pixels[3 * i + 1] = rgb.Pixels[3 * i + 2] = image.Pixels[i];
        return rgb;
    }

    // Fills the rectangle [x0, x1] x [y0, y1] (inclusive), clipped to the image.
    private static void Fill(Image image, int x0, int y0, int x1, int y1, Color colour)
    {
        x0 = Math.Max(x0, 0);
        y0 = Math.Max(y0, 0);
        x1 = Math.Min(x1, image.Width - 1);
        y1 = Math.Min(y1, image.Height - 1);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                int at = (y * image.Width + x) * 3;
                image.Pixels[at] = colour.R;
                image.Pixels[at + 1] = colour.G;
                image.Pixels[at + 2] = colour.B;
            }
        }
    }
}
