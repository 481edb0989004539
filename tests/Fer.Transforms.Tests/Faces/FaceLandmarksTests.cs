using System.Drawing;
using Fer.Transforms.Faces;
using Fer.Transforms.Imaging;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Faces;

public sealed class FaceLandmarksTests
{
    private readonly ITestOutputHelper output;

    public FaceLandmarksTests(ITestOutputHelper output) => this.output = output;

    [SkippableFact]
    public void Detect_FacesOfSamplePhotos_PointsInBoxAndEyesAboveMouth()
    {
        int faces = 0;
        foreach (int number in new[] { 1, 3, 5 })
        {
            Image photo = FaceModels.Sample(number);
            foreach (var face in FaceModels.Detector.Detect(photo))
            {
                FaceLandmarks68 points = FaceModels.Landmarks.Detect(photo, face.Box);
                RectangleF loose = FaceCropping.Expand(face.Box, 0.1f);
                string where = $"sample{number} face {face.Box}";

                points.Points.Count(p => loose.Contains(p)).Should().BeGreaterThanOrEqualTo(64, $"{where}: points fall in the box");
                points.LeftEyeCenter.Y.Should().BeLessThan(points.MouthCenter.Y, where);
                points.RightEyeCenter.Y.Should().BeLessThan(points.MouthCenter.Y, where);
                points.LeftEyeCenter.X.Should().BeLessThan(points.RightEyeCenter.X, $"{where}: the left eye is on the image's left");
                points.NoseTip.Y.Should().BeInRange(Math.Min(points.LeftEyeCenter.Y, points.RightEyeCenter.Y), points.MouthCenter.Y, $"{where}: the nose is between eyes and mouth");
                faces++;
            }
        }
        faces.Should().Be(11, "samples 1, 3 and 5 show 3, 3 and 5 faces");
    }

    [SkippableFact]
    public void Align_FacesOfSamplePhotos_EyesLevelAtTheirPlaces()
    {
        var aligner = new FaceAligner(FaceModels.Landmarks);
        var options = aligner.Options;
        double size = options.Size, targetY = options.EyeHeight * (size - 1), spread = options.EyeDistance * size;
        var angles = new List<double>();
        foreach (int number in new[] { 1, 4 })
        {
            Image photo = FaceModels.Sample(number);
            foreach (var face in FaceModels.Detector.Detect(photo))
            {
                AlignedFace aligned = aligner.Align(photo, face.Box);
                FaceLandmarks68 again = FaceModels.Landmarks.Detect(aligned.Image);
                double dy = again.RightEyeCenter.Y - again.LeftEyeCenter.Y, dx = again.RightEyeCenter.X - again.LeftEyeCenter.X;
                output.WriteLine($"sample{number}: eye line {aligned.Landmarks.EyeLineAngleDegrees:F1} deg before, re-detected dy {dy:F2} px, dx {dx:F1} px after");
                aligned.Image.Width.Should().Be(options.Size);
                double angle = Math.Abs(Math.Atan2(dy, dx) * 180 / Math.PI);
                angle.Should().BeLessThan(6, "the eye line is level after alignment (up to the landmark net's own scatter)");
                dx.Should().BeInRange(0.8 * spread, 1.2 * spread, "the eyes are the set distance apart");
                ((again.LeftEyeCenter.Y + again.RightEyeCenter.Y) / 2.0).Should().BeInRange(targetY - 0.08 * size, targetY + 0.08 * size);
                angles.Add(angle);
            }
        }
        angles.Should().HaveCount(7, "samples 1 and 4 show 3 and 4 faces, some tilted by 20 to 45 degrees");
        angles.Average().Should().BeLessThan(3);
    }

    [Fact]
    public void EyeTransform_AnyEyes_MapsThemExactlyToTheirTargets()
    {
        var options = new FaceAlignmentOptions { Size = 100, EyeDistance = 0.3, EyeHeight = 0.4 };
        var left = new PointF(120, 80);
        var right = new PointF(160, 50); // tilted up to the right by about 37 degrees

        AffineMatrix m = FaceAligner.EyeTransform(left, right, options);

        var (lx, ly) = m.Transform(left.X, left.Y);
        var (rx, ry) = m.Transform(right.X, right.Y);
        lx.Should().BeApproximately(49.5 - 15, 1e-9);
        rx.Should().BeApproximately(49.5 + 15, 1e-9);
        ly.Should().BeApproximately(0.4 * 99, 1e-9);
        ry.Should().BeApproximately(0.4 * 99, 1e-9);
        (m.M11 * m.M22 - m.M12 * m.M21).Should().BeApproximately(0.3 * 100 / 50.0 * (0.3 * 100 / 50.0), 1e-9, "a similarity scales areas by the square of its scale");
    }

    [Fact]
    public void EyeTransform_SamePoint_Throws()
    {
        var act = () => FaceAligner.EyeTransform(new PointF(3, 3), new PointF(3, 3), FaceAlignmentOptions.Default);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("do not define a line");
    }

    [Theory]
    [InlineData(4, 0.4, 0.4, "Size")]
    [InlineData(112, 0.0, 0.4, "EyeDistance")]
    [InlineData(112, 0.4, 1.0, "EyeHeight")]
    public void FaceAligner_OptionOutOfRange_ThrowsNamingIt(int size, double distance, double height, string name)
    {
        var act = () => new FaceAligner(FaceModels.Landmarks, new FaceAlignmentOptions { Size = size, EyeDistance = distance, EyeHeight = height });

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void FaceLandmarks68_WrongCountOrNaN_Throws()
    {
        var few = () => new FaceLandmarks68(new PointF[67]);
        var nan = () => new FaceLandmarks68([.. Enumerable.Repeat(new PointF(float.NaN, 1), 68)]);

        few.Should().Throw<ArgumentException>().Which.Message.Should().Contain("68");
        nan.Should().Throw<ArgumentException>().Which.Message.Should().Contain("Landmark 0");
    }
}
