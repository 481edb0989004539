using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms;

public sealed class ImageResizingTests
{
    private readonly FerContext fer = new(seed: 1);

    private Image ResizeOne(Image image, int w, int h, ImageResizingKind kind, ResizeMode mode = ResizeMode.Bilinear, byte pad = 0)
    {
        var view = TestImages.View([image]);
        return DataValues.Column<Image>(fer.Transforms.ResizeImages("Out", w, h, "Image", kind, mode, pad).Fit(view).Transform(view), "Out")[0];
    }

    [Theory]
    [InlineData(ImageResizingKind.Fill, ResizeMode.Bilinear)]
    [InlineData(ImageResizingKind.IsoPad, ResizeMode.Area)]
    [InlineData(ImageResizingKind.IsoCrop, ResizeMode.Nearest)]
    public void Workout_EachKind_PassesEveryCheck(ImageResizingKind kind, ResizeMode mode)
    {
        var result = EstimatorWorkout.Run(fer.Transforms.ResizeImages("Small", 24, 20, "Image", kind, mode, padColor: 7), TestImages.View(TestImages.Mixed()), ["Image"]);

        result.Values["Small"].Cast<Image>().Should().OnlyContain(i => i.Width == 24 && i.Height == 20);
    }

    [Fact]
    public void GetOutputSchema_AnyInput_DeclaresTargetSize()
    {
        var schema = fer.Transforms.ResizeImages("Image", 112, 96).GetOutputSchema(TestImages.View([]).Schema);

        schema["Image"].Type.Should().Be(new ImageDataViewType(112, 96));
        schema.Count(c => c.Name == "Image" && c.IsHidden).Should().Be(1, "the input column of the same name is hidden");
    }

    [Fact]
    public void Fill_AnyImage_EqualsPlainResize()
    {
        Image photo = TestImages.Photo(1);

        ResizeOne(photo, 30, 30, ImageResizingKind.Fill).Pixels.Should().Equal(photo.Resize(30, 30).Pixels);
    }

    [Fact]
    public void IsoPad_WideImage_CentresResizedImageBetweenBandsOfPadColour()
    {
        Image wide = TestImages.Random(40, 20, 3, 9); // 2:1 into 32x32: 32x16 image, 8 rows of padding above and below

        Image output = ResizeOne(wide, 32, 32, ImageResizingKind.IsoPad, pad: 200);

        Image expectedMiddle = wide.Resize(32, 16);
        for (int y = 0; y < 32; y++)
        {
            byte[] row = output.GetRow(y).ToArray();
            if (y < 8 || y >= 24) row.Should().OnlyContain(v => v == 200, $"row {y} is padding");
            else row.Should().Equal(expectedMiddle.GetRow(y - 8).ToArray(), $"row {y} is image row {y - 8}");
        }
    }

    [Fact]
    public void IsoPad_OddSurplus_GoesToRightBorder()
    {
        Image tall = TestImages.Random(10, 20, 1, 4); // into 16x20: 10x20 image, 6 columns of padding: 3 left, 3 right; into 15x20: 2 left 3 right

        Image output = ResizeOne(tall, 15, 20, ImageResizingKind.IsoPad, pad: 255);

        for (int y = 0; y < 20; y++)
        {
            byte[] row = output.GetRow(y).ToArray();
            row[..2].Should().OnlyContain(v => v == 255);
            row[12..].Should().OnlyContain(v => v == 255);
            row[2..12].Should().Equal(tall.GetRow(y).ToArray());
        }
    }

    [Fact]
    public void IsoCrop_WideImage_KeepsCentreSquare()
    {
        Image wide = TestImages.Random(40, 20, 3, 11); // the centre 20x20 square starts at x = 10

        Image output = ResizeOne(wide, 10, 10, ImageResizingKind.IsoCrop, ResizeMode.Area);

        output.Pixels.Should().Equal(wide.Crop(10, 0, 20, 20).Resize(10, 10, ResizeMode.Area).Pixels);
    }

    [Fact]
    public void IsoCrop_TallImage_KeepsCentreBand()
    {
        Image tall = TestImages.Random(20, 50, 1, 12); // target 2:1 -> a 20x10 band starting at y = 20

        Image output = ResizeOne(tall, 20, 10, ImageResizingKind.IsoCrop);

        output.Pixels.Should().Equal(tall.Crop(0, 20, 20, 10).Pixels);
    }

    [Theory]
    [InlineData(0, 10, "ImageWidth")]
    [InlineData(10, -1, "ImageHeight")]
    [InlineData(20000, 10, "ImageWidth")]
    public void ResizeImages_BadSize_ThrowsNamingIt(int w, int h, string name)
    {
        Action make = () => fer.Transforms.ResizeImages("Image", w, h);

        make.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Load_UnknownResizingName_ThrowsNamingOptionAndChoices()
    {
        var state = new ImageResizingTransformer(new() { ImageWidth = 4, ImageHeight = 4 }).GetState();
        state.Options["resizing"] = "Stretch";

        Action rebuild = () => ImageResizingTransformer.Load(state);

        rebuild.Should().Throw<FormatException>().WithMessage("*'resizing'*Stretch*Fill, IsoPad, IsoCrop*");
    }

    [Fact]
    public void Settings_ChangedAfterCreation_DoNotChangeTransformer()
    {
        var options = new ImageResizingTransformer.Options { OutputColumnName = "Out", InputColumnName = "Image", ImageWidth = 8, ImageHeight = 8 };
        var transformer = new ImageResizingTransformer(options);

        options.ImageWidth = 99;

        transformer.GetOutputSchema(TestImages.View([]).Schema)["Out"].Type.Should().Be(new ImageDataViewType(8, 8));
    }
}
