using System.CommandLine;
using Fer.Cli.Evaluation;
using Fer.Cli.Rendering;

namespace Fer.Cli.Faces;

/// <summary>Writes photos with their faces marked (JPEG or PNG) and the HTML report beside them.</summary>
internal static class AnnotatedPhotos
{
    public static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "Picture format of the annotated photos: jpeg (default) or png.", DefaultValueFactory = _ => "jpeg" };
        format.AcceptOnlyFromAmong("jpeg", "png");
        return format;
    }

    /// <summary>Writes one annotated picture per photo and index.html; returns the report's path.</summary>
    public static string Write(string folder, string format, IReadOnlyList<PhotoResult> photos, string title, string summary)
    {
        Directory.CreateDirectory(folder);
        bool png = string.Equals(format, "png", StringComparison.OrdinalIgnoreCase);
        var pictures = new List<(PhotoResult, string)>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (PhotoResult photo in photos)
        {
            string name = Path.GetFileNameWithoutExtension(photo.File);
            string picture = name + (png ? ".png" : ".jpg");
            for (int k = 2; !used.Add(picture); k++) picture = $"{name}-{k}" + (png ? ".png" : ".jpg");
            var annotations = photo.Faces.Select(f => f.Expression is { } p
                ? new Annotation(f.Box, ExpressionStyle.Label(p), ExpressionStyle.For(p.Predicted))
                : new Annotation(f.Box, "face " + f.DetectorScore.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), ExpressionStyle.Face)).ToArray();
            var image = ImageAnnotator.Draw(PhotoAnalyzer.Load(photo.File), annotations);
            string path = Path.Combine(folder, picture);
            if (png) image.SavePng(path);
            else image.SaveJpeg(path, quality: 88);
            pictures.Add((photo, picture));
        }
        string report = Path.Combine(folder, "index.html");
        MetricsOutput.WriteText(report, HtmlReport.Render(title, pictures, summary));
        return Path.GetFullPath(report);
    }
}
