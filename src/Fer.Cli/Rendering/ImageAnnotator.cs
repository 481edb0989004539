using System.Drawing;
using Fer.MLNet.Evaluation;
using Fer.Transforms.Imaging;

namespace Fer.Cli.Rendering;

/// <summary>
/// Draws face boxes and their labels onto an RGB copy of a photo. Line width and text size grow with
/// the photo, so labels stay readable on a 2,000-pixel group photo and on a 200-pixel crop.
/// </summary>
internal static class ImageAnnotator
{
    public static Image Draw(Image photo, IReadOnlyList<Annotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(annotations);
        Image canvas = ToRgb(photo);
        int side = Math.Min(canvas.Width, canvas.Height);
        int thickness = Math.Max(2, side / 300);
        int scale = Math.Max(1, side / 250);
        foreach (Annotation a in annotations)
        {
            RectangleF b = a.Box;
            if (!float.IsFinite(b.X) || !float.IsFinite(b.Y) || !float.IsFinite(b.Width) || !float.IsFinite(b.Height)) continue;
            int left = (int)Math.Round(b.Left), top = (int)Math.Round(b.Top), right = (int)Math.Round(b.Right), bottom = (int)Math.Round(b.Bottom);
            Fill(canvas, left, top, right - left, thickness, a.Colour);
            Fill(canvas, left, bottom - thickness, right - left, thickness, a.Colour);
            Fill(canvas, left, top, thickness, bottom - top, a.Colour);
            Fill(canvas, right - thickness, top, thickness, bottom - top, a.Colour);
            if (a.Label.Length == 0) continue;

            int pad = scale * 2;
            int bandHeight = BitmapFont.GlyphHeight * scale + 2 * pad;
            int bandWidth = BitmapFont.Measure(a.Label) * scale + 2 * pad;
            // Above the box when there is room, else inside its top edge.
            int bandTop = top - bandHeight >= 0 ? top - bandHeight : Math.Max(0, top);
            int bandLeft = Math.Clamp(left, 0, Math.Max(0, canvas.Width - bandWidth));
            Fill(canvas, bandLeft, bandTop, bandWidth, bandHeight, a.Colour);
            Text(canvas, a.Label, bandLeft + pad, bandTop + pad, scale, a.Colour.TextColour);
        }
        return canvas;
    }

    /// <summary>An RGB copy (grey expanded, alpha dropped).</summary>
    internal static Image ToRgb(Image image)
    {
        if (image.Channels == 3) return image.Clone();
        var rgb = new Image(image.Width, image.Height, 3);
        int n = image.Width * image.Height, c = image.Channels;
        for (int i = 0; i < n; i++)
        {
            byte r = image.Pixels[i * c], g = c >= 3 ? image.Pixels[i * c + 1] : r, bl = c >= 3 ? image.Pixels[i * c + 2] : r;
            rgb.Pixels[i * 3] = r;
            rgb.Pixels[i * 3 + 1] = g;
            rgb.Pixels[i * 3 + 2] = bl;
        }
        return rgb;
    }

    private static void Text(Image canvas, string text, int x, int y, int scale, Rgb colour)
    {
        for (int i = 0; i < text.Length; i++)
        {
            string[] rows = BitmapFont.Glyph(text[i]);
            for (int gy = 0; gy < BitmapFont.GlyphHeight; gy++)
                for (int gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                    if (rows[gy][gx] == '#') Fill(canvas, x + (i * BitmapFont.Advance + gx) * scale, y + gy * scale, scale, scale, colour);
        }
    }

    /// <summary>Fills a rectangle, clipped to the image.</summary>
    private static void Fill(Image canvas, int x, int y, int w, int h, Rgb colour)
    {
        int x0 = Math.Max(0, x), y0 = Math.Max(0, y), x1 = Math.Min(canvas.Width, x + w), y1 = Math.Min(canvas.Height, y + h);
        for (int yy = y0; yy < y1; yy++)
        {
            Span<byte> row = canvas.GetRow(yy);
            for (int xx = x0; xx < x1; xx++)
            {
                row[xx * 3] = colour.R;
                row[xx * 3 + 1] = colour.G;
                row[xx * 3 + 2] = colour.B;
            }
        }
    }
}
