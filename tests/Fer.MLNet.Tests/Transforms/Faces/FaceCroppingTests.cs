using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms.Faces;

public sealed class FaceCroppingTests
{
    private readonly FerContext fer = new(seed: 1);

    [Fact]
    public void Workout_LargestFace_PassesEveryCheck()
    {
        var options = new FaceCroppingTransformer.Options { Margin = 0.1f, Detector = FaceTestImages.Detection };

        var result = EstimatorWorkout.Run(fer.Transforms.DetectAndCropFaces(options), FaceTestImages.Mixed(), ["Image"]);

        result.Values["FaceFound"].Cast<bool>().Should().Equal([true, false, true, false], "the noise image and the tight grey crop show no face to the detector and keep the whole image");
        result.Values["Face"].Cast<Image>().ElementAt(1).Pixels.Should().Equal(FaceTestImages.Noise.Pixels);
    }

    [Fact]
    public void Workout_EachFace_OneRowPerFace()
    {
        var data = FaceTestImages.Mixed();
        int faces = FaceTestImages.Detector.Detect([FaceTestImages.Group1, FaceTestImages.Group3], FaceTestImages.Detection).Sum(f => f.Count);
        var options = new FaceCroppingTransformer.Options { Selection = FaceSelection.Each, Detector = FaceTestImages.Detection };

        var result = EstimatorWorkout.Run(fer.Transforms.DetectAndCropFaces(options), data, ["Image"], expectedRows: faces + 2);

        faces.Should().Be(6, "sample1 and sample3 show three faces each");
        result.Values["Id"].Cast<int>().Should().Equal([0, 0, 0, 1, 2, 2, 2, 3], "rows of a photo stay together, in input order");
        result.Values["FaceFound"].Cast<bool>().Should().Equal([true, true, true, false, true, true, true, false]);
        result.Transformed.GetRowCount().Should().BeNull("the number of faces is known only after a pass");
    }

    [Fact]
    public void Workout_DropRowsWithoutFace_DropsTheNoiseImage()
    {
        var options = new FaceCroppingTransformer.Options { Selection = FaceSelection.Each, NoFace = NoFaceHandling.DropRow, Detector = FaceTestImages.Detection };

        var result = EstimatorWorkout.Run(fer.Transforms.DetectAndCropFaces(options), FaceTestImages.Mixed(), ["Image"], expectedRows: 6);

        result.Values["Id"].Cast<int>().Should().Equal([0, 0, 0, 2, 2, 2]);
        result.Values["FaceFound"].Cast<bool>().Should().OnlyContain(f => f);
    }

    [Fact]
    public void Transform_LargestFaceDroppingRowsWithoutFace_KeepsOneRowPerPhotoWithFaces()
    {
        var view = FaceTestImages.Mixed();
        var options = new FaceCroppingTransformer.Options { NoFace = NoFaceHandling.DropRow, Detector = FaceTestImages.Detection };

        var output = fer.Transforms.DetectAndCropFaces(options).Fit(view).Transform(view);

        DataValues.Column<int>(output, "Id").Should().Equal([0, 2]);
        output.GetRowCount().Should().BeNull("rows may be dropped");
    }

    [Fact]
    public void Transform_LargestFace_CropsTheLargestDetectedBox()
    {
        Image photo = FaceTestImages.Group3;
        var largest = FaceTestImages.Detector.Detect(photo, FaceTestImages.Detection).MaxBy(f => f.Area);
        var view = TestImages.View([photo]);

        var output = fer.Transforms.DetectAndCropFaces(new FaceCroppingTransformer.Options { Margin = 0.2f, Detector = FaceTestImages.Detection }).Fit(view).Transform(view);

        float[] box = DataValues.Column<float[]>(output, "FaceBox")[0];
        var expected = FaceCropping.PixelRegion(photo, FaceCropping.Expand(largest.Box, 0.2f));
        box.Should().Equal([expected.X, expected.Y, expected.Width, expected.Height]);
        Image face = DataValues.Column<Image>(output, "Face")[0];
        face.Pixels.Should().Equal(photo.Crop(expected).Pixels);
        output.Schema["FaceBox"].Annotations.SlotNames.Should().Equal(["x", "y", "width", "height"]);
    }

    [Fact]
    public void Transform_MinFaceSizeAboveEveryFace_KeepsWholeImage()
    {
        var view = TestImages.View([FaceTestImages.Group1]);
        var options = new FaceCroppingTransformer.Options { MinFaceSize = 100, Detector = FaceTestImages.Detection };

        var output = fer.Transforms.DetectAndCropFaces(options).Fit(view).Transform(view);

        DataValues.Column<bool>(output, "FaceFound").Should().Equal([false], "every face in the 240-pixel photo is under 100 pixels");
        DataValues.Column<float[]>(output, "FaceBox")[0].Should().Equal([0, 0, 240, FaceTestImages.Group1.Height]);
    }

    [Fact]
    public void Cursor_OnlyInputColumnsAsked_StillOneRowPerFace()
    {
        var view = FaceTestImages.Mixed();
        var output = fer.Transforms.DetectAndCropFaces(new FaceCroppingTransformer.Options { Selection = FaceSelection.Each, Detector = FaceTestImages.Detection }).Fit(view).Transform(view);

        DataValues.Column<int>(output, "Id").Should().HaveCount(8, "the row count never depends on the columns read");
    }

    [Fact]
    public void Transform_NullImage_FailsNamingRowAndColumn()
    {
        var view = TestImages.View([FaceTestImages.Noise, null!]);
        var output = fer.Transforms.DetectAndCropFaces(selection: FaceSelection.Each).Fit(view).Transform(view);

        var act = () => DataValues.ReadAll(output);

        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("Row 1").And.Contain("'Image'");
    }

    [Theory]
    [InlineData(-0.1f, 0f, "Face", "Margin")]
    [InlineData(0f, -1f, "Face", "MinFaceSize")]
    [InlineData(0f, 0f, "FaceBox", "different names")]
    public void Constructor_BadOption_Throws(float margin, float minSize, string output, string message)
    {
        var options = new FaceCroppingTransformer.Options { Margin = margin, MinFaceSize = minSize, OutputColumnName = output };

        var act = () => new FaceCroppingTransformer(options);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Constructor_BadDetectorOption_ThrowsNamingIt()
    {
        var options = new FaceCroppingTransformer.Options { Detector = new TinyFaceDetectorOptions { InputSize = 100 } };

        var act = () => new FaceCroppingTransformer(options);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("InputSize");
    }
}
