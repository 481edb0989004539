using System.Globalization;
using Fer.Testing;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.Cli.Tests;

public sealed class DetectPredictTests(ITestOutputHelper log) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-detect-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "assets", "face-api", "samples", name);

    [Fact]
    public void DetectAndPredict_SamePhoto_AgreeOnFacesAndWriteCropsAndCsv()
    {
        string photos = Directory.CreateDirectory(Path.Combine(dir, "photos")).FullName;
        File.Copy(Sample("sample2.jpg"), Path.Combine(photos, "sample2.jpg"));
        string outFolder = Path.Combine(dir, "detected"), csv = Path.Combine(dir, "faces.csv");

        var detect = CliRun.Of("detect", photos, "--out", outFolder, "--crops");
        var predict = CliRun.Of("predict", "--model", "pretrained", photos, "--output", csv);
        log.WriteLine(detect.ToString());
        log.WriteLine(predict.ToString());

        detect.ExitCode.Should().Be(0);
        predict.ExitCode.Should().Be(0);
        var detected = detect.Lines.Where(l => l.StartsWith("sample2.jpg", StringComparison.Ordinal)).ToList();
        detected.Should().NotBeEmpty();
        string[] crops = [.. Directory.EnumerateFiles(Path.Combine(outFolder, "crops")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        crops.Should().Equal(Enumerable.Range(1, detected.Count).Select(i => $"sample2-{i}.png"));
        File.Exists(Path.Combine(outFolder, "sample2.jpg")).Should().BeTrue();
        File.ReadAllText(Path.Combine(outFolder, "index.html")).Should().Contain("sample2.jpg");

        string[] lines = File.ReadAllLines(csv);
        lines[0].Should().Be("file,face,x,y,width,height,expression,probability," + string.Join(',', FaceExpressionNet.Classes.Names));
        lines.Should().HaveCount(detected.Count + 1, "one row per detected face");
        for (int i = 1; i < lines.Length; i++)
        {
            string[] cells = lines[i].Split(',');
            cells[0].Should().Be(Path.Combine(photos, "sample2.jpg"));
            cells[1].Should().Be(i.ToString(CultureInfo.InvariantCulture));
            // The box predict used is the box detect printed (rounded to whole pixels in the table).
            string box = string.Join(", ", cells[2..6].Select(c => Math.Round(double.Parse(c, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)));
            detected[i - 1].Should().Contain(box);
            float[] p = [.. cells[8..].Select(c => float.Parse(c, CultureInfo.InvariantCulture))];
            p.Sum().Should().BeApproximately(1f, 1e-4f);
            cells[6].Should().Be(FaceExpressionNet.Classes.Names[Array.IndexOf(p, p.Max())]);
            // Crops written by detect score the same as predict's faces.
            var again = FaceExpressionNetLazy.Value.Predict(Image.Load(Path.Combine(outFolder, "crops", crops[i - 1])));
            Close.Check(p, [.. again.Probabilities], 1e-6, 0, "the crop files hold the faces predict scored");
        }
    }

    [Fact]
    public void Predict_WholeImageOnFaceCrop_GivesOneRowWithoutDetection()
    {
        string face = Path.Combine(dir, "face.png");
        var photo = Image.Load(Sample("sample1.jpg"));
        FaceCropping.CropFace(photo, new System.Drawing.RectangleF(1443, 198, 279, 270)).SavePng(face);

        var run = CliRun.Of("predict", "--model", "pretrained", face, "--whole-image", "--output", Path.Combine(dir, "p.json"));

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("1 predictions for 1 images.");
        var rows = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "p.json")))!.AsArray();
        rows.Should().ContainSingle();
        ((string)rows[0]!["expression"]!).Should().Be("happy", "the crop is the smiling face at the top right of sample1");
        ((double)rows[0]!["box"]!["width"]!).Should().Be(279);
    }

    private static readonly Lazy<FaceExpressionNet> FaceExpressionNetLazy = new(() => FaceExpressionNet.Load());
}
