using Fer.Testing;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Imaging.Operations;

public sealed class TensorLayoutTests
{
    [Fact]
    public void ToChw_Rgb_WritesNormalisedPlanes()
    {
        var image = new Image(3, 2, 3);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = (byte)(i * 13);
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var actual = new float[18];
        image.ToChw(actual, mean, std);
        var expected = new float[18];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 2; y++)
                for (int x = 0; x < 3; x++)
                    expected[c * 6 + y * 3 + x] = (image[x, y, c] / 255f - mean[c]) / std[c];
        Close.Check(expected, actual, 1e-6, 1e-6, "CHW");
    }

    [Fact]
    public void ToChw_WrongLengths_ThrowNamingTheProblem()
    {
        var image = new Image(2, 2, 1);
        ((Action)(() => image.ToChw(new float[3], [0f], [1f]))).Should().Throw<ArgumentException>().WithMessage("*needs 4*");
        ((Action)(() => image.ToChw(new float[4], [0f, 0f], [1f]))).Should().Throw<ArgumentException>().WithMessage("*mean*");
        ((Action)(() => image.ToChw(new float[4], [0f], [0f]))).Should().Throw<ArgumentException>().WithMessage("*std*");
    }
}
