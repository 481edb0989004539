using System.Drawing;

namespace Fer.Transforms.Faces;

/// <summary>
/// 68 facial landmarks in the iBUG 300-W order (jaw 0-16, brows 17-26, nose 27-35, eyes 36-41 and
/// 42-47, mouth 48-67), in the pixels of the image they were found in. "Left" and "right" are as
/// seen in the image (face-api's naming): points 36-41 are the eye on the image's left.
/// </summary>
public sealed class FaceLandmarks68
{
    /// <summary>The number of points.</summary>
    public const int Count = 68;

    /// <summary>Wraps 68 points.</summary>
    /// <exception cref="ArgumentException">There are not 68 points, or a coordinate is not finite.</exception>
    public FaceLandmarks68(IReadOnlyList<PointF> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count != Count) throw new ArgumentException($"Expected {Count} landmarks; got {points.Count}.", nameof(points));
        for (int i = 0; i < Count; i++)
        {
            if (!float.IsFinite(points[i].X) || !float.IsFinite(points[i].Y))
                throw new ArgumentException($"Landmark {i} ({points[i].X}, {points[i].Y}) is not finite.", nameof(points));
        }
        Points = [.. points];
    }

    /// <summary>The points in iBUG order.</summary>
    public IReadOnlyList<PointF> Points { get; }

    /// <summary>The centre of the eye on the image's left (mean of points 36-41).</summary>
    public PointF LeftEyeCenter => Mean(36, 42);

    /// <summary>The centre of the eye on the image's right (mean of points 42-47).</summary>
    public PointF RightEyeCenter => Mean(42, 48);

    /// <summary>The centre of the mouth (mean of points 48-67).</summary>
    public PointF MouthCenter => Mean(48, 68);

    /// <summary>The tip of the nose (point 30).</summary>
    public PointF NoseTip => Points[30];

    /// <summary>The angle of the line from the left to the right eye centre, in degrees, positive when it descends to the right (y down).</summary>
    public double EyeLineAngleDegrees
    {
        get
        {
            PointF l = LeftEyeCenter, r = RightEyeCenter;
            return Math.Atan2(r.Y - l.Y, r.X - l.X) * 180.0 / Math.PI;
        }
    }

    /// <summary>The smallest box holding every point.</summary>
    public RectangleF Bounds => RectangleF.FromLTRB(Points.Min(p => p.X), Points.Min(p => p.Y), Points.Max(p => p.X), Points.Max(p => p.Y));

    /// <summary>The points moved by (<paramref name="dx"/>, <paramref name="dy"/>), e.g. from a crop's pixels to its image's.</summary>
    public FaceLandmarks68 Shift(float dx, float dy) => new([.. Points.Select(p => new PointF(p.X + dx, p.Y + dy))]);

    private PointF Mean(int start, int end)
    {
        double x = 0, y = 0;
        for (int i = start; i < end; i++)
        {
            x += Points[i].X;
            y += Points[i].Y;
        }
        return new PointF((float)(x / (end - start)), (float)(y / (end - start)));
    }
}
