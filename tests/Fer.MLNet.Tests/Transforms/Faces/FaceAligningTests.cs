using Fer.MLNet.Data;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;

namespace Fer.MLNet.Tests.Transforms.Faces;

public sealed class FaceAligningTests
{
    private readonly FerContext fer = new(seed: 1);

    [Fact]
    public void Workout_CroppedFaces_AlignsToFixedSizeWithLevelEyes()
    {
        // Crop the faces of sample1 (three faces, tilted by -31, 3 and 44 degrees) with a loose margin, then align each by its eyes.
        var photos = TestImages.View([TestImages.Photo(0, 480)]);
        var crops = fer.Transforms.DetectAndCropFaces(new FaceCroppingTransformer.Options { Selection = FaceSelection.Each, Margin = 0.2f })
            .Fit(photos).Transform(photos);
        var faces = fer.Data.Cache(crops);

        var result = EstimatorWorkout.Run(fer.Transforms.AlignFaces("Aligned", "Face", size: 96), faces, ["Face"]);

        result.Transformed.Schema["Aligned"].Type.Should().Be(new ImageDataViewType(96, 96));
        var aligned = result.Values["Aligned"].Cast<Image>().ToList();
        aligned.Should().HaveCount(3);
        foreach (Image face in aligned)
        {
            var eyes = FaceTestImages.Landmarks.Detect(face);
            double angle = Math.Atan2(eyes.RightEyeCenter.Y - eyes.LeftEyeCenter.Y, eyes.RightEyeCenter.X - eyes.LeftEyeCenter.X) * 180 / Math.PI;
            Math.Abs(angle).Should().BeLessThan(6, "the eyes are level after two landmark passes, even on crops looser than the detector's box");
        }
    }

    [Fact]
    public void Constructor_BadSize_ThrowsNamingIt()
    {
        var act = () => fer.Transforms.AlignFaces(size: 4);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Size");
    }
}
