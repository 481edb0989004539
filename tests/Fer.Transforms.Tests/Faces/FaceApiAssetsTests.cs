using Fer.Transforms.Faces;
using Fer.Transforms.Tests.Datasets;

namespace Fer.Transforms.Tests.Faces;

public sealed class FaceApiAssetsTests
{
    private static readonly string[] Models = [FaceApiAssets.TinyFaceDetectorModel, FaceApiAssets.FaceExpressionModel, FaceApiAssets.FaceLandmark68TinyModel];

    [Fact]
    public void ModelFolder_BuildOutput_HoldsEveryManifestAndShard()
    {
        string folder = FaceApiAssets.ModelFolder;

        foreach (string model in Models)
        {
            File.Exists(FaceApiAssets.ManifestPath(model)).Should().BeTrue(model);
            File.Exists(Path.Combine(folder, model + ".bin")).Should().BeTrue(model);
        }
    }

    [Fact]
    public void Locate_CopiedNextToBinaries_FindsTheCopyFirst()
    {
        string output = AppContext.BaseDirectory;

        FaceApiAssets.Locate(null, output).Should().Be(Path.GetFullPath(Path.Combine(output, "assets", "face-api", "model")),
            "the project copies the weights to the output folder");
    }

    [Theory]
    [InlineData("")]
    [InlineData("face-api")]
    [InlineData("face-api/model")]
    public void Locate_OverrideAtAnyLevel_FindsModelFolder(string level)
    {
        using var tmp = new TempFolder();
        string model = Path.Combine(tmp.Path, "face-api", "model");
        Directory.CreateDirectory(model);
        File.WriteAllText(Path.Combine(model, FaceApiAssets.TinyFaceDetectorModel + "-weights_manifest.json"), "[]");

        FaceApiAssets.Locate(Path.Combine(tmp.Path, level), "/nonexistent").Should().Be(Path.GetFullPath(model));
    }

    [Fact]
    public void Locate_OverrideWithoutWeights_ThrowsNamingEveryFolderTried()
    {
        using var tmp = new TempFolder();

        var act = () => FaceApiAssets.Locate(tmp.Path, AppContext.BaseDirectory);

        act.Should().Throw<DirectoryNotFoundException>()
            .Which.Message.Should().Contain(Path.Combine(tmp.Path, "face-api", "model")).And.Contain(FaceApiAssets.EnvironmentVariable)
            .And.NotContain(AppContext.BaseDirectory, "a set override is the only place looked in");
    }

    [Fact]
    public void Locate_NoWeightsAbove_ThrowsNamingTheWalk()
    {
        using var tmp = new TempFolder();
        string deep = Path.Combine(tmp.Path, "a", "b");
        Directory.CreateDirectory(deep);

        var act = () => FaceApiAssets.Locate(null, deep);

        act.Should().Throw<DirectoryNotFoundException>()
            .Which.Message.Should().Contain(Path.Combine(deep, "assets", "face-api", "model")).And.Contain(Path.Combine(tmp.Path, "assets", "face-api", "model"));
    }

    [Fact]
    public void ManifestPath_UnknownModel_ThrowsNamingThePath()
    {
        var act = () => FaceApiAssets.ManifestPath("no_such_model");

        act.Should().Throw<FileNotFoundException>().Which.Message.Should().Contain("no_such_model-weights_manifest.json");
    }
}
