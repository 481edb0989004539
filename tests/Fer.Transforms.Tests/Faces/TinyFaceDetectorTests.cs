using System.Drawing;
using Fer.Tensors;
using Fer.Testing;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Faces;

public sealed class TinyFaceDetectorTests
{
    private readonly ITestOutputHelper output;

    public TinyFaceDetectorTests(ITestOutputHelper output) => this.output = output;

    [SkippableFact]
    public void Forward_GoldenInput416_MatchesFaceApiOutput()
    {
        Tensor input = FaceModels.GoldenNchw("input416.f32", 416, 416, 3);
        Tensor expected = FaceModels.GoldenNchw("tiny416_out.f32", 13, 13, 25);

        Tensor actual = FaceModels.Detector.Forward(input);

        actual.Shape.ToArray().Should().Equal([1, 25, 13, 13]);
        float[] e = expected.ToArray(), a = actual.ToArray();
        double maxAbs = 0, maxValue = 0;
        for (int i = 0; i < e.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(e[i] - a[i]));
            maxValue = Math.Max(maxValue, Math.Abs(e[i]));
        }
        output.WriteLine($"detector 416: max |error| {maxAbs:G3} over values up to {maxValue:G3}; relative to the largest {maxAbs / maxValue:G3}");
        // Within 1e-3 relative, with an absolute floor of 1e-3 of the largest magnitude for values near zero.
        Close.Check(e, a, atol: 1e-3 * maxValue, rtol: 1e-3, "TinyFaceDetector raw output");
    }

    [SkippableFact]
    public void Detect_GroupPhotosWithDefaults_FindsEveryVisibleFaceAndNothingElse()
    {
        var photos = GroupPhotos.Load();

        var found = FaceModels.Detector.Detect([.. photos.Select(p => p.Image)]);

        for (int i = 0; i < photos.Length; i++)
        {
            output.WriteLine($"{photos[i].Name}: {found[i].Count} found, {photos[i].Faces.Length} visible");
            GroupPhotos.AssertOneToOne(photos[i], found[i], missesAllowed: 0);
        }
    }

    [SkippableFact]
    public void Detect_GroupPhotosWithFaceApiSettings_MissesTwoBeardedFacesOnly()
    {
        var photos = GroupPhotos.Load();

        var found = FaceModels.Detector.Detect([.. photos.Select(p => p.Image)], TinyFaceDetectorOptions.FaceApi);

        // face-api's single pass at 416 finds 2 of the 4 faces in bbt1 (the two bearded faces in the
        // middle score below 0.3) and every face of bbt2..5: 21 of 23, no false positive.
        found.Select(f => f.Count).Should().Equal([2, 3, 5, 6, 5]);
        for (int i = 0; i < photos.Length; i++) GroupPhotos.AssertOneToOne(photos[i], found[i], missesAllowed: i == 0 ? 2 : 0);
    }

    [SkippableFact]
    public void Detect_PortraitCanvas_MapsBoxesBackToImagePixels()
    {
        // bbt5 on a taller black canvas: the detector pads the width instead, and must still put the boxes on the faces.
        var photo = GroupPhotos.Load()[4];
        Image tall = photo.Image.Pad(0, 0, 0, 700);

        var found = FaceModels.Detector.Detect(tall);

        GroupPhotos.AssertOneToOne(photo, found, missesAllowed: 0);
    }

    [SkippableFact]
    public void Detect_BatchAndThreads_EqualOneByOne()
    {
        var photos = GroupPhotos.Load().Take(3).Select(p => p.Image.Resize(p.Image.Width / 2, p.Image.Height / 2)).ToArray();
        var options = TinyFaceDetectorOptions.FaceApi with { InputSize = 256 };
        var single = photos.Select(p => FaceModels.Detector.Detect(p, options)).ToArray();

        var batch = FaceModels.Detector.Detect(photos, options);
        var parallel = new IReadOnlyList<FaceDetection>[photos.Length];
        Parallel.For(0, photos.Length, i => parallel[i] = FaceModels.Detector.Detect(photos[i], options));

        for (int i = 0; i < photos.Length; i++)
        {
            parallel[i].Should().Equal(single[i], $"photo {i} on another thread");
            // A batch may sum convolutions in another order (images in parallel instead of a threaded GEMM).
            batch[i].Should().HaveCount(single[i].Count, $"photo {i} in a batch");
            for (int k = 0; k < single[i].Count; k++)
            {
                output.WriteLine($"photo {i} face {k}: single {single[i][k]}, batch {batch[i][k]}");
                batch[i][k].Score.Should().BeApproximately(single[i][k].Score, 1e-4f);
                batch[i][k].Box.X.Should().BeApproximately(single[i][k].Box.X, 0.01f);
                batch[i][k].Box.Y.Should().BeApproximately(single[i][k].Box.Y, 0.01f);
                batch[i][k].Box.Width.Should().BeApproximately(single[i][k].Box.Width, 0.01f);
                batch[i][k].Box.Height.Should().BeApproximately(single[i][k].Box.Height, 0.01f);
            }
        }
    }

    [Fact]
    public void Detect_GreyAndTinyImages_ReturnsWithoutError()
    {
        var grey = new Image(9, 5, 1);
        var rgb = new Image(1, 1, 3);

        FaceModels.Detector.Detect(grey).Should().BeEmpty();
        FaceModels.Detector.Detect(rgb).Should().BeEmpty();
        FaceModels.Detector.Detect(Array.Empty<Image>()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(96, 0.5f, 0.4f, "InputSize")]
    [InlineData(640, 0.5f, 0.4f, "InputSize")]
    [InlineData(420, 0.5f, 0.4f, "InputSize")]
    [InlineData(416, 0f, 0.4f, "ScoreThreshold")]
    [InlineData(416, 1f, 0.4f, "ScoreThreshold")]
    [InlineData(416, float.NaN, 0.4f, "ScoreThreshold")]
    [InlineData(416, 0.5f, 1.5f, "IouThreshold")]
    public void Detect_OptionOutOfRange_ThrowsNamingIt(int size, float score, float iou, string name)
    {
        var options = new TinyFaceDetectorOptions { InputSize = size, ScoreThreshold = score, IouThreshold = iou };

        var act = () => FaceModels.Detector.Detect(new Image(8, 8, 3), options);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Validate_RepeatedOrBadExtraSize_Throws()
    {
        var repeated = () => new TinyFaceDetectorOptions { InputSize = 416, ExtraInputSizes = [512, 416] }.Validate();
        var bad = () => new TinyFaceDetectorOptions { ExtraInputSizes = [500] }.Validate();

        repeated.Should().Throw<ArgumentException>().Which.Message.Should().Contain("repeats");
        bad.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("ExtraInputSizes");
    }

    [Fact]
    public void Forward_WrongShape_ThrowsNamingShape()
    {
        var act = () => FaceModels.Detector.Forward(Tensor.Zeros(1, 3, 100, 100));

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("[1, 3, 100, 100]");
    }
}
