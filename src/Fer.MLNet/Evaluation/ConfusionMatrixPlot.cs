using System.Globalization;
using Fer.Trainers.Metrics;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Evaluation;

/// <summary>
/// Draws a confusion matrix as an RGB picture: one cell per (true, predicted) pair shaded from white to dark
/// blue by its row-normalised value, holding its count and its percentage of the row; class names on both
/// axes (true classes down the left, predicted classes written upwards across the top) and a colour bar.
/// Text uses a built-in 5x7 pixel font (upper-case), so no font engine is needed.
/// </summary>
public static class ConfusionMatrixPlot
{
    /// <summary>The largest class count drawn (the picture grows linearly with it).</summary>
    public const int MaxClasses = 100;

    private const int Pad = 16, Scale = 2, CharHeight = BitmapFont.GlyphHeight * Scale, CellHeight = 46, MaxNameLength = 20;
    private static readonly Rgb White = new(255, 255, 255), Ink = new(30, 30, 30), GridLine = new(215, 215, 215), Border = new(90, 90, 90);

    // Stops of a white-to-blue ramp (value 0, 0.25, 0.5, 0.75, 1).
    private static readonly Rgb[] Ramp = [new(247, 251, 255), new(198, 219, 239), new(107, 174, 214), new(33, 113, 181), new(8, 48, 107)];

    /// <summary>Renders <paramref name="matrix"/> (title defaults to "Confusion matrix (row-normalised)").</summary>
    /// <exception cref="ArgumentException">The matrix has more than <see cref="MaxClasses"/> classes.</exception>
    public static Image Render(ConfusionMatrix matrix, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int c = matrix.ClassCount;
        if (c > MaxClasses) throw new ArgumentException($"The confusion matrix has {c} classes; at most {MaxClasses} can be drawn.", nameof(matrix));
        title ??= "Confusion matrix (row-normalised)";
        string[] names = [.. matrix.ClassNames.Select(n => n.Length > MaxNameLength ? n[..MaxNameLength] : n)];
        double[][] fractions = matrix.RowNormalized;
        int maxCount = matrix.Counts.SelectMany(r => r).DefaultIfEmpty(0).Max();

        int nameSpan = names.Select(Width).DefaultIfEmpty(0).Max();
        int cellWidth = Math.Max(60, Width(Count(maxCount)) + 12);
        int gridWidth = c * cellWidth, gridHeight = c * CellHeight;
        int gridX = Pad + CharHeight + 12 + nameSpan + 10;
        int axisTitleY = Pad + CharHeight + 12;
        int gridY = axisTitleY + CharHeight + 10 + nameSpan + 10;
        int barX = gridX + gridWidth + 24, barWidth = 18;
        int width = Math.Max(barX + barWidth + 8 + Width("100%") + Pad, Pad + Width(title) + Pad);
        var canvas = new Canvas(new Image(width, gridY + gridHeight + Pad, 3));
        canvas.Fill(0, 0, canvas.Image.Width, canvas.Image.Height, White);

        canvas.Text(title, Pad, Pad, Scale, Ink);
        canvas.Text("Predicted", gridX + (gridWidth - Width("Predicted")) / 2, axisTitleY, Scale, Ink);
        canvas.VerticalText("True", Pad, gridY + (gridHeight + Width("True")) / 2, Scale, Ink);
        for (int i = 0; i < c; i++)
        {
            canvas.Text(names[i], gridX - 10 - Width(names[i]), gridY + i * CellHeight + (CellHeight - CharHeight) / 2, Scale, Ink);
            canvas.VerticalText(names[i], gridX + i * cellWidth + (cellWidth - CharHeight) / 2, gridY - 10, Scale, Ink);
        }
        for (int t = 0; t < c; t++)
        {
            bool emptyRow = matrix.RowSum(t) == 0;
            for (int p = 0; p < c; p++)
            {
                double v = fractions[t][p];
                int x = gridX + p * cellWidth, y = gridY + t * CellHeight;
                canvas.Fill(x, y, cellWidth, CellHeight, Shade(v));
                Rgb text = v >= 0.5 ? White : Ink;
                string count = Count(matrix[t, p]);
                canvas.Text(count, x + (cellWidth - Width(count)) / 2, y + 7, Scale, text);
                string percent = emptyRow ? "-" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%";
                canvas.Text(percent, x + (cellWidth - BitmapFont.Measure(percent)) / 2, y + 7 + CharHeight + 7, 1, text);
            }
        }
        for (int i = 1; i < c; i++)
        {
            canvas.Fill(gridX + i * cellWidth, gridY, 1, gridHeight, GridLine);
            canvas.Fill(gridX, gridY + i * CellHeight, gridWidth, 1, GridLine);
        }
        canvas.Frame(gridX - 1, gridY - 1, gridWidth + 2, gridHeight + 2, Border);

        for (int y = 0; y < gridHeight; y++)
            canvas.Fill(barX, gridY + y, barWidth, 1, Shade(1 - (double)y / Math.Max(1, gridHeight - 1)));
        canvas.Frame(barX - 1, gridY - 1, barWidth + 2, gridHeight + 2, Border);
        canvas.Text("100%", barX + barWidth + 8, gridY, Scale, Ink);
        canvas.Text("50%", barX + barWidth + 8, gridY + (gridHeight - CharHeight) / 2, Scale, Ink);
        canvas.Text("0%", barX + barWidth + 8, gridY + gridHeight - CharHeight, Scale, Ink);
        return canvas.Image;
    }

    /// <summary>Renders <paramref name="matrix"/> and writes it as a PNG file (atomically).</summary>
    public static void Save(ConfusionMatrix matrix, string path, string? title = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Render(matrix, title).SavePng(path);
    }

    /// <summary>The colour of a row-normalised value in [0, 1] (white to dark blue).</summary>
    internal static Rgb Shade(double value)
    {
        double v = Math.Clamp(double.IsNaN(value) ? 0 : value, 0, 1) * (Ramp.Length - 1);
        int i = Math.Min((int)v, Ramp.Length - 2);
        double f = v - i;
        static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
        return new Rgb(Mix(Ramp[i].R, Ramp[i + 1].R, f), Mix(Ramp[i].G, Ramp[i + 1].G, f), Mix(Ramp[i].B, Ramp[i + 1].B, f));
    }

    private static int Width(string text) => BitmapFont.Measure(text) * Scale;

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An RGB colour.</summary>
    internal readonly record struct Rgb(byte R, byte G, byte B);

    /// <summary>Pixel drawing on a 3-channel image; everything outside the image is clipped.</summary>
    private sealed class Canvas(Image image)
    {
        public Image Image { get; } = image;

        public void Fill(int x, int y, int w, int h, Rgb colour)
        {
            int x0 = Math.Max(0, x), y0 = Math.Max(0, y), x1 = Math.Min(Image.Width, x + w), y1 = Math.Min(Image.Height, y + h);
            for (int yy = y0; yy < y1; yy++)
            {
                for (int xx = x0; xx < x1; xx++)
                {
                    int o = (yy * Image.Width + xx) * 3;
                    Image.Pixels[o] = colour.R;
                    Image.Pixels[o + 1] = colour.G;
                    Image.Pixels[o + 2] = colour.B;
                }
            }
        }

        public void Frame(int x, int y, int w, int h, Rgb colour)
        {
            Fill(x, y, w, 1, colour);
            Fill(x, y + h - 1, w, 1, colour);
            Fill(x, y, 1, h, colour);
            Fill(x + w - 1, y, 1, h, colour);
        }

        /// <summary>Left-to-right text with its top-left corner at (x, y).</summary>
        public void Text(string text, int x, int y, int scale, Rgb colour)
        {
            for (int i = 0; i < text.Length; i++)
                Glyph(text[i], (gx, gy) => Fill(x + (i * BitmapFont.Advance + gx) * scale, y + gy * scale, scale, scale, colour));
        }

        /// <summary>Text reading bottom-to-top (rotated a quarter turn anticlockwise), its first letter's bottom-left at (x, yBottom).</summary>
        public void VerticalText(string text, int x, int yBottom, int scale, Rgb colour)
        {
            for (int i = 0; i < text.Length; i++)
                Glyph(text[i], (gx, gy) => Fill(x + gy * scale, yBottom - (i * BitmapFont.Advance + gx + 1) * scale, scale, scale, colour));
        }

        private static void Glyph(char c, Action<int, int> ink)
        {
            string[] rows = BitmapFont.Glyph(c);
            for (int gy = 0; gy < BitmapFont.GlyphHeight; gy++)
                for (int gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                    if (rows[gy][gx] == '#') ink(gx, gy);
        }
    }
}
