using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms;

public sealed class ImageGrayscalingTests
{
    private readonly FerContext fer = new(seed: 1);

    [Fact]
    public void Workout_MixedImages_PassesEveryCheck()
    {
        var result = EstimatorWorkout.Run(fer.Transforms.ConvertToGrayscale("Grey", "Image"), TestImages.View(TestImages.Mixed()), ["Image"]);

        result.Values["Grey"].Cast<Image>().Should().OnlyContain(i => i.Channels == 1);
    }

    [Fact]
    public void Transform_RgbImage_GivesBt601LumaRounded()
    {
        Image rgb = TestImages.Random(9, 7, 3, 5);
        Image grey = DataValues.Column<Image>(fer.Transforms.ConvertToGrayscale("Image").Fit(TestImages.View([rgb])).Transform(TestImages.View([rgb])), "Image")[0];

        (grey.Width, grey.Height, grey.Channels).Should().Be((9, 7, 1));
        for (int i = 0; i < 9 * 7; i++)
        {
            int r = rgb.Pixels[3 * i], g = rgb.Pixels[3 * i + 1], b = rgb.Pixels[3 * i + 2];
            grey.Pixels[i].Should().Be((byte)((19595 * r + 38470 * g + 7471 * b + 32768) >> 16), $"pixel {i}");
        }
    }

    [Fact]
    public void Transform_GreyImage_KeepsPixels()
    {
        Image grey = TestImages.Random(5, 4, 1, 3);
        var view = TestImages.View([grey]);

        Image output = DataValues.Column<Image>(fer.Transforms.ConvertToGrayscale("G", "Image").Fit(view).Transform(view), "G")[0];

        output.Pixels.Should().Equal(grey.Pixels);
    }

    [Fact]
    public void GetOutputSchema_KnownSize_IsKept()
    {
        var view = TestImages.View([TestImages.Random(8, 6, 3, 1)], new ImageDataViewType(8, 6));

        var schema = fer.Transforms.ConvertToGrayscale("G", "Image").GetOutputSchema(view.Schema);

        schema["G"].Type.Should().Be(new ImageDataViewType(8, 6));
    }

    [Fact]
    public void Transform_NullImage_ErrorNamesRowAndColumn()
    {
        var view = TestImages.View([TestImages.Random(4, 4, 3, 1), null!]);
        var output = fer.Transforms.ConvertToGrayscale("G", "Image").Fit(view).Transform(view);

        Action read = () => DataValues.ReadAll(output);

        read.Should().Throw<InvalidOperationException>().WithMessage("Row 1:*'Image'*null*");
    }
}
