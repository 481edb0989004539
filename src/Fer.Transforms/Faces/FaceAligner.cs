using System.Drawing;
using Fer.Transforms.Imaging;

namespace Fer.Transforms.Faces;

/// <summary>
/// Aligns faces by their eyes: finds the 68 landmarks with <see cref="FaceLandmark68TinyNet"/>,
/// then rotates, scales and crops (one similarity warp, bilinear) so that the eye centres lie on a
/// horizontal line at fixed positions of a square output. With <see cref="FaceAlignmentOptions.Passes"/>
/// above 1 the eyes are found again on the aligned face and the warp recomputed. Thread-safe.
/// </summary>
public sealed class FaceAligner
{
    private readonly FaceLandmark68TinyNet landmarks;

    /// <summary>Creates an aligner over a landmark network.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public FaceAligner(FaceLandmark68TinyNet landmarks, FaceAlignmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        options ??= FaceAlignmentOptions.Default;
        options.Validate();
        this.landmarks = landmarks;
        Options = options;
    }

    /// <summary>The settings.</summary>
    public FaceAlignmentOptions Options { get; }

    /// <summary>
    /// Aligns the face in <paramref name="faceBox"/> of <paramref name="image"/> (null: the whole image is the face crop).
    /// Pixels come from the whole image, so a rotated face keeps its surroundings where the image has them.
    /// </summary>
    /// <exception cref="ArgumentException">The box does not overlap the image.</exception>
    public AlignedFace Align(Image image, RectangleF? faceBox = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        FaceLandmarks68 points = faceBox is { } box ? landmarks.Detect(image, box) : landmarks.Detect(image);
        AffineMatrix m = EyeTransform(points.LeftEyeCenter, points.RightEyeCenter, Options);
        for (int pass = 1; pass < Options.Passes; pass++)
        {
            // The landmark net is surest on upright faces: find the eyes again on the aligned face and
            // map them back, which corrects what a tilted or loosely cropped first look got wrong.
            FaceLandmarks68 again = landmarks.Detect(image.WarpAffine(m, Options.Size, Options.Size, Options.Fill));
            AffineMatrix back = m.Invert();
            points = new FaceLandmarks68([.. again.Points.Select(p => ToPoint(back.Transform(p.X, p.Y)))]);
            m = EyeTransform(points.LeftEyeCenter, points.RightEyeCenter, Options);
        }
        return new AlignedFace(image.WarpAffine(m, Options.Size, Options.Size, Options.Fill), points, m);
    }

    private static PointF ToPoint((double X, double Y) p) => new((float)p.X, (float)p.Y);

    /// <summary>
    /// The similarity map (rotation, uniform scale, translation) taking <paramref name="leftEye"/> and
    /// <paramref name="rightEye"/> to their places in the output that <paramref name="options"/> describe.
    /// </summary>
    /// <exception cref="ArgumentException">The eyes coincide or a coordinate is not finite.</exception>
    public static AffineMatrix EyeTransform(PointF leftEye, PointF rightEye, FaceAlignmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        double dx = rightEye.X - leftEye.X, dy = rightEye.Y - leftEye.Y;
        double distance = Math.Sqrt(dx * dx + dy * dy);
        if (!(distance > 1e-6) || !double.IsFinite(distance))
            throw new ArgumentException($"Eye centres {leftEye} and {rightEye} do not define a line.", nameof(rightEye));
        double size = options.Size;
        // Output pixel centres run 0..size-1; the eyes sit symmetrically about the middle.
        double targetLeftX = (size - 1) / 2.0 - options.EyeDistance * size / 2, targetY = options.EyeHeight * (size - 1);
        double scale = options.EyeDistance * size / distance;
        double a = scale * dx / distance, b = scale * dy / distance; // s cos(theta), s sin(theta)
        // Rotate by -theta and scale: (x, y) -> (a x + b y, -b x + a y), then move the left eye into place.
        return new AffineMatrix(a, b, targetLeftX - (a * leftEye.X + b * leftEye.Y), -b, a, targetY - (-b * leftEye.X + a * leftEye.Y));
    }
}
