using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Testing;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms;

public sealed class ImagePixelExtractingTests
{
    private readonly FerContext fer = new(seed: 1);

    /// <summary>The plain definition: value[c, y, x] = (pixel * scale - mean[c]) / std[c], in double.</summary>
    private static float[] Reference(Image image, float scale, float[] mean, float[] std)
    {
        int c = image.Channels;
        var result = new float[c * image.Width * image.Height];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    result[(ch * image.Height + y) * image.Width + x] = (float)((image[x, y, ch] * (double)scale - mean[ch]) / std[ch]);
        return result;
    }

    [Fact]
    public void Workout_AfterResize_FixedShapeAndEveryCheck()
    {
        var resized = fer.Transforms.ResizeImages("Image", 16, 12).Fit(TestImages.View(TestImages.Mixed())).Transform(TestImages.View(TestImages.Mixed()));

        var result = EstimatorWorkout.Run(
            fer.Transforms.ExtractPixels("Pixels", "Image", mean: ImagePixelExtractingTransformer.ImageNetMean, std: ImagePixelExtractingTransformer.ImageNetStd),
            resized, ["Image"]);

        result.Transformed.Schema["Pixels"].Type.Should().Be(new VectorDataViewType(3, 12, 16));
    }

    [Fact]
    public void Workout_AnySizeGrey_VariableLengthAndEveryCheck()
    {
        var result = EstimatorWorkout.Run(fer.Transforms.ExtractPixels("Pixels", "Image", PixelColorMode.Grey), TestImages.View(TestImages.Mixed()), ["Image"]);

        result.Transformed.Schema["Pixels"].Type.Should().Be(new VectorDataViewType());
        result.Values["Pixels"].Cast<float[]>().Select(v => v.Length).Should().Equal(TestImages.Mixed().Select(i => i.Width * i.Height));
    }

    [Fact]
    public void Transform_ImageNetRgb_MatchesDefinitionPlanar()
    {
        Image image = TestImages.Random(7, 5, 3, 21);
        float[] mean = ImagePixelExtractingTransformer.ImageNetMean, std = ImagePixelExtractingTransformer.ImageNetStd;
        var view = TestImages.View([image]);

        float[] actual = DataValues.Column<float[]>(fer.Transforms.ExtractPixels("P", "Image", mean: mean, std: std).Fit(view).Transform(view), "P")[0];

        Close.Check(Reference(image, 1f / 255f, mean, std), actual, 1e-6, 1e-6, "ImageNet-normalised pixels");
    }

    [Fact]
    public void Transform_GreyModeOnRgb_UsesLumaAndBroadcastMean()
    {
        Image rgb = TestImages.Random(6, 6, 3, 22);
        var view = TestImages.View([rgb]);

        float[] actual = DataValues.Column<float[]>(fer.Transforms.ExtractPixels("P", "Image", PixelColorMode.Grey, scale: 1f, mean: [128f], std: [64f]).Fit(view).Transform(view), "P")[0];

        Close.Check(Reference(rgb.ToGrey(), 1f, [128f], [64f]), actual, 1e-6, 1e-6, "grey pixels");
    }

    [Fact]
    public void Transform_RgbModeOnGrey_RepeatsPlane()
    {
        Image grey = TestImages.Random(4, 3, 1, 23);
        var view = TestImages.View([grey]);

        float[] actual = DataValues.Column<float[]>(fer.Transforms.ExtractPixels("P", "Image").Fit(view).Transform(view), "P")[0];

        actual.Length.Should().Be(36);
        actual[..12].Should().Equal(actual[12..24]).And.Equal(actual[24..]);
        actual[5].Should().BeApproximately(grey.Pixels[5] / 255f, 1e-6f);
    }

    [Fact]
    public void Transform_ImageOfOtherSizeThanDeclared_ErrorNamesRowAndSizes()
    {
        var view = TestImages.View([TestImages.Random(8, 8, 3, 1), TestImages.Random(9, 8, 3, 2)], new ImageDataViewType(8, 8));
        var output = fer.Transforms.ExtractPixels("P", "Image").Fit(view).Transform(view);

        Action read = () => DataValues.ReadAll(output);

        read.Should().Throw<InvalidOperationException>().WithMessage("Row 1:*'Image'*8x8*9x8*");
    }

    [Theory]
    [InlineData(new float[] { 0, 0 }, null, "*Mean has 2 values*1 or 3*")]
    [InlineData(null, new float[] { 1, 0, 1 }, "*Std*0*non-zero*")]
    [InlineData(new float[] { float.NaN }, null, "*Mean*NaN*finite*")]
    public void ExtractPixels_BadMeanOrStd_ThrowsNamingIt(float[]? mean, float[]? std, string message)
    {
        Action make = () => fer.Transforms.ExtractPixels("P", "Image", mean: mean, std: std);

        make.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void ExtractPixels_ZeroScale_Throws()
    {
        Action make = () => fer.Transforms.ExtractPixels("P", "Image", scale: 0);

        make.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Scale*");
    }
}
