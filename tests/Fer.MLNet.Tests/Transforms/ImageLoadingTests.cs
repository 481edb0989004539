using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms;

public sealed class ImageLoadingTests
{
    private readonly FerContext fer = new(seed: 1);

    [SkippableFact]
    public void Workout_PhotosAndFerPlusPngs_PassesEveryCheck()
    {
        string[] paths = [TestImages.SamplePaths[0], .. TestImages.FerPlusPaths(6)];

        var result = EstimatorWorkout.Run(fer.Transforms.LoadImages("Image"), TestImages.PathView(paths), ["Path"]);

        var images = result.Values["Image"].Cast<Image>().ToList();
        (images[0].Width, images[0].Height, images[0].Channels).Should().Be((1920, 1280, 3));
        images.Skip(1).Should().OnlyContain(i => i.Width == 48 && i.Height == 48 && i.Channels == 1);
    }

    [Fact]
    public void Workout_RelativePathsWithImageFolder_PassesEveryCheck()
    {
        string[] names = [.. TestImages.SamplePaths.Skip(5).Select(Path.GetFileName)!];

        var result = EstimatorWorkout.Run(fer.Transforms.LoadImages("Photo", TestImages.SamplesFolder, "Path"), TestImages.PathView(names), ["Path"]);

        result.Values["Photo"].Cast<Image>().Single().Width.Should().Be(1920);
    }

    [Fact]
    public void Transform_MissingFile_ErrorNamesRowAndFile()
    {
        var view = TestImages.PathView([TestImages.SamplePaths[0], "/nonexistent/face.png"]);
        var output = fer.Transforms.LoadImages("Image").Fit(view).Transform(view);

        Action read = () => DataValues.ReadAll(output);

        read.Should().Throw<InvalidOperationException>().WithMessage("Row 1:*/nonexistent/face.png*");
    }

    [Fact]
    public void Transform_SkipBadImages_DropsRowsWhateverColumnsAreRead()
    {
        string bad = Path.Combine(Path.GetTempPath(), $"fer-bad-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(bad, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        try
        {
            var view = TestImages.PathView([bad, TestImages.SamplePaths[1], "/nonexistent/x.jpg", bad]);
            var t = (ImageLoadingTransformer)fer.Transforms.LoadImages("Image", skipBadImages: true).Fit(view);
            var output = t.Transform(view);

            output.GetRowCount().Should().BeNull("the count is only known after a pass");
            DataValues.Column<string>(output, "Path").Should().Equal([TestImages.SamplePaths[1]], "rows are dropped even when the image column is not read");
            DataValues.Column<Image>(output, "Image").Should().ContainSingle();
            t.SkippedImages.Should().HaveCount(2, "each bad file is reported once, however many passes read it");
            t.SkippedImages.Should().Contain(s => s.Contains(bad, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
