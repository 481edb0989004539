using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms.Faces;

/// <summary>
/// Small inputs for the face transforms, from the bundled sample photos (no ../shared needed):
/// sample1 and sample3 shrunk to 240 pixels wide (3 faces each, 33-40 pixels), a grey tight crop of
/// one face (too tight for the detector, like the lfw-expressions images), and a random image with no face.
/// Detection runs with face-api's single 416 pass (<see cref="Detection"/>), which finds the same faces here
/// as the default two passes, in less time.
/// </summary>
internal static class FaceTestImages
{
    private static readonly Lazy<TinyFaceDetector> DetectorLazy = new(() => TinyFaceDetector.Load());
    private static readonly Lazy<FaceExpressionNet> ExpressionLazy = new(() => FaceExpressionNet.Load());
    private static readonly Lazy<FaceLandmark68TinyNet> LandmarksLazy = new(() => FaceLandmark68TinyNet.Load());

    public static TinyFaceDetector Detector => DetectorLazy.Value;

    public static FaceExpressionNet Expression => ExpressionLazy.Value;

    public static FaceLandmark68TinyNet Landmarks => LandmarksLazy.Value;

    public static TinyFaceDetectorOptions Detection => TinyFaceDetectorOptions.FaceApi;

    public static Image Group1 => TestImages.Photo(0, 240);

    public static Image Group3 => TestImages.Photo(2, 240);

    public static Image Noise => TestImages.Random(64, 48, 3, 5);

    /// <summary>The best face of sample1 at 480 pixels wide, cropped with a margin and turned grey.</summary>
    public static Image GreyFace
    {
        get
        {
            Image photo = TestImages.Photo(0, 480);
            var face = Detector.Detect(photo)[0];
            Image crop = FaceCropping.CropFace(photo, face.Box, 0.1f);
            var grey = new Image(crop.Width, crop.Height, 1);
            for (int i = 0; i < grey.Pixels.Length; i++)
                grey.Pixels[i] = (byte)((crop.Pixels[3 * i] + crop.Pixels[3 * i + 1] + crop.Pixels[3 * i + 2]) / 3);
            return grey;
        }
    }

    /// <summary>Id and Image columns over the group photos, the noise image and the grey face.</summary>
    public static InMemoryDataView Mixed() => TestImages.View([Group1, Noise, Group3, GreyFace]);
}
