using System.Globalization;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.Cli.Tests;

public sealed class DemoCommandTests(ITestOutputHelper log) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-demo-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Demo_BundledPhotos_FindsFacesNamesExpressionsAndWritesReport()
    {
        var run = CliRun.Of("demo", "--out", dir, "--format", "png");
        log.WriteLine(run.ToString());

        run.ExitCode.Should().Be(0);
        string[] photos = [.. Enumerable.Range(1, 6).Select(i => $"sample{i}.jpg")];
        // Table rows: "sample1.jpg  1  x, y, w, h  score  expression  probability".
        var rows = run.Lines.Where(l => l.StartsWith("sample", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        rows.Select(r => r[0]).Distinct().Should().BeEquivalentTo(photos, "every sample photo is a group photo with visible faces");
        rows.Should().HaveCountGreaterThanOrEqualTo(18, "the six photos show about four people each");
        string[] labels = [.. rows.Select(r => r[^2])];
        labels.Should().OnlyContain(l => FaceExpressionNet.Classes.Names.Contains(l));
        labels.GroupBy(l => l).MaxBy(g => g.Count())!.Key.Should().Be("happy", "most people in the sample photos smile at the camera");
        rows.Select(r => double.Parse(r[^1], CultureInfo.InvariantCulture)).Should().OnlyContain(p => p > 1.0 / 7 && p <= 1, "the top class of seven has at least 1/7");

        string html = File.ReadAllText(Path.Combine(dir, "index.html"));
        html.Should().Contain("<table>").And.Contain(">happy</td>");
        run.Value("report").Should().Be(Path.Combine(dir, "index.html"));
        foreach (string photo in photos)
        {
            string picture = Path.ChangeExtension(photo, ".png");
            html.Should().Contain($"<img src=\"{picture}\"");
            Image annotated = Image.Load(Path.Combine(dir, picture));
            Image original = Image.Load(Path.Combine(AppContext.BaseDirectory, "assets", "face-api", "samples", photo));
            (annotated.Width, annotated.Height, annotated.Channels).Should().Be((original.Width, original.Height, 3));
        }

        // The left edge of each face's box is drawn in one flat colour, where the photo had many.
        foreach (var row in rows.Where(r => r[0] == "sample1.jpg"))
        {
            int x = Int(row[2]), y = Int(row[3]), h = Int(row[5]);
            Image png = Image.Load(Path.Combine(dir, "sample1.png"));
            Image original = Image.Load(Path.Combine(AppContext.BaseDirectory, "assets", "face-api", "samples", "sample1.jpg"));
            int[] ys = [.. Enumerable.Range(y + h / 2 - 20, 40)];
            ys.Select(yy => (png[x, yy, 0], png[x, yy, 1], png[x, yy, 2])).Distinct().Should().ContainSingle($"face {row[1]}'s box edge is one colour");
            ys.Select(yy => (original[x, yy, 0], original[x, yy, 1], original[x, yy, 2])).Distinct().Should().HaveCountGreaterThan(1);
        }
    }

    private static int Int(string s) => int.Parse(s.TrimEnd(','), CultureInfo.InvariantCulture);
}
