using Fer.Transforms.Faces;
using Fer.Transforms.Tests.Datasets;
using Fer.Transforms.Weights;

namespace Fer.Transforms.Tests.Faces;

public sealed class FaceApiWeightsTests
{
    // A copy of the detector's weights whose manifest is edited by `edit`.
    private static string EditedDetector(TempFolder tmp, Func<string, string> edit)
    {
        string source = FaceApiAssets.ModelFolder, model = FaceApiAssets.TinyFaceDetectorModel;
        string manifest = File.ReadAllText(Path.Combine(source, model + "-weights_manifest.json"));
        tmp.WriteText(model + "-weights_manifest.json", edit(manifest));
        tmp.WriteBytes(model + ".bin", File.ReadAllBytes(Path.Combine(source, model + ".bin")));
        return tmp.Path;
    }

    [Fact]
    public void Load_WeightRenamed_ThrowsNamingTheMissingWeight()
    {
        using var tmp = new TempFolder();
        string folder = EditedDetector(tmp, m => m.Replace("\"conv8/bias\"", "\"conv8/offset\""));

        var act = () => TinyFaceDetector.Load(folder);

        act.Should().Throw<TfjsFormatException>().Which.Message.Should().Contain("'conv8/bias' is missing");
    }

    [Fact]
    public void Load_FilterShapeTransposed_ThrowsNamingWeightAndShapes()
    {
        using var tmp = new TempFolder();
        // Same element count, so the shard still fits: only the architecture check can catch it.
        string folder = EditedDetector(tmp, m => ReplaceShape(m, "conv0/filters", "[3, 3, 3, 16]", "[3, 3, 16, 3]"));

        var act = () => TinyFaceDetector.Load(folder);

        act.Should().Throw<TfjsFormatException>().Which.Message.Should().Contain("'conv0/filters' has shape [3, 3, 16, 3]; expected [3, 3, 3, 16]");
    }

    [Fact]
    public void Load_OtherModelsWeights_ThrowsNamingManifest()
    {
        using var tmp = new TempFolder();
        string source = FaceApiAssets.ModelFolder;
        // The landmark weights under the expression model's name.
        File.Copy(Path.Combine(source, FaceApiAssets.FaceLandmark68TinyModel + "-weights_manifest.json"), Path.Combine(tmp.Path, FaceApiAssets.FaceExpressionModel + "-weights_manifest.json"));
        File.Copy(Path.Combine(source, FaceApiAssets.FaceLandmark68TinyModel + ".bin"), Path.Combine(tmp.Path, FaceApiAssets.FaceLandmark68TinyModel + ".bin"));

        var act = () => FaceExpressionNet.Load(tmp.Path);

        act.Should().Throw<TfjsFormatException>().Which.Message.Should().Contain(FaceApiAssets.FaceExpressionModel + "-weights_manifest.json").And.Contain("dense0/conv3");
    }

    [Fact]
    public void Load_FolderWithoutManifest_ThrowsFileNotFound()
    {
        using var tmp = new TempFolder();

        var act = () => FaceLandmark68TinyNet.Load(tmp.Path);

        act.Should().Throw<FileNotFoundException>().Which.Message.Should().Contain(FaceApiAssets.FaceLandmark68TinyModel);
    }

    private static string ReplaceShape(string manifest, string name, string from, string to)
    {
        int at = manifest.IndexOf($"\"{name}\"", StringComparison.Ordinal);
        at.Should().BeGreaterThan(0, $"the manifest names {name}");
        int shape = manifest.IndexOf(from.Replace(" ", ""), at, StringComparison.Ordinal) is int i and >= 0 ? i : manifest.IndexOf(from, at, StringComparison.Ordinal);
        shape.Should().BeGreaterThan(at, $"{name}'s shape is {from}");
        string found = manifest.Substring(shape, manifest.IndexOf(']', shape) - shape + 1);
        return manifest[..shape] + to + manifest[(shape + found.Length)..];
    }
}
