using Fer.Tensors;
using Fer.Testing;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Tests.Faces;

/// <summary>The pretrained networks, loaded once for all tests; golden files and photos from ../shared.</summary>
internal static class FaceModels
{
    private static readonly Lazy<TinyFaceDetector> DetectorLazy = new(() => TinyFaceDetector.Load());
    private static readonly Lazy<FaceExpressionNet> ExpressionLazy = new(() => FaceExpressionNet.Load());
    private static readonly Lazy<FaceLandmark68TinyNet> LandmarksLazy = new(() => FaceLandmark68TinyNet.Load());

    public static TinyFaceDetector Detector => DetectorLazy.Value;

    public static FaceExpressionNet Expression => ExpressionLazy.Value;

    public static FaceLandmark68TinyNet Landmarks => LandmarksLazy.Value;

    /// <summary>A golden NHWC float32 file as [1, C, H, W] (skips the test when ../shared is absent).</summary>
    public static Tensor GoldenNchw(string name, int height, int width, int channels)
    {
        float[] nhwc = GoldenValues(name, height * width * channels);
        var nchw = new float[nhwc.Length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    nchw[(c * height + y) * width + x] = nhwc[(y * width + x) * channels + c];
        return Tensor.FromArray(nchw, 1, channels, height, width);
    }

    /// <summary>A golden raw little-endian float32 file of <paramref name="count"/> values.</summary>
    public static float[] GoldenValues(string name, int count)
    {
        byte[] bytes = File.ReadAllBytes(SharedData.Require("golden/face-api/" + name));
        bytes.Length.Should().Be(count * 4, $"{name} holds {count} float32 values");
        var values = new float[count];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>A face-api example photo (bbt1.jpg, happy.jpg, ...) from ../shared.</summary>
    public static Image Example(string name) => Image.Load(SharedData.Require("data/faceapi-examples/" + name));

    /// <summary>A bundled sample photo (assets/face-api/samples/sampleN.jpg).</summary>
    public static Image Sample(int number) => Image.Load(Path.Combine(SharedData.RepositoryRoot, "assets", "face-api", "samples", $"sample{number}.jpg"));
}
