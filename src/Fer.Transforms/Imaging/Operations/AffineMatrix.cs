namespace Fer.Transforms.Imaging;

/// <summary>
/// A 2x3 affine map of pixel coordinates: x' = M11 x + M12 y + M13, y' = M21 x + M22 y + M23
/// (OpenCV's layout). Coordinates are in pixels with pixel (i, j)'s centre at (i, j) and y down.
/// </summary>
/// <param name="M11">x' coefficient of x.</param>
/// <param name="M12">x' coefficient of y.</param>
/// <param name="M13">x' offset.</param>
/// <param name="M21">y' coefficient of x.</param>
/// <param name="M22">y' coefficient of y.</param>
/// <param name="M23">y' offset.</param>
public readonly record struct AffineMatrix(double M11, double M12, double M13, double M21, double M22, double M23)
{
    /// <summary>The identity map.</summary>
    public static AffineMatrix Identity => new(1, 0, 0, 0, 1, 0);

    /// <summary>A translation by (<paramref name="dx"/>, <paramref name="dy"/>).</summary>
    public static AffineMatrix Translation(double dx, double dy) => new(1, 0, dx, 0, 1, dy);

    /// <summary>A scaling about the origin.</summary>
    public static AffineMatrix Scale(double sx, double sy) => new(sx, 0, 0, 0, sy, 0);

    /// <summary>
    /// A rotation by <paramref name="degrees"/> counter-clockwise as seen on screen (y down), about
    /// (<paramref name="centerX"/>, <paramref name="centerY"/>), like PIL's and torchvision's rotate.
    /// </summary>
    public static AffineMatrix Rotation(double degrees, double centerX, double centerY)
    {
        double radians = degrees * Math.PI / 180.0;
        double cos = Math.Cos(radians), sin = Math.Sin(radians);
        // x' = cx + cos (x - cx) + sin (y - cy); y' = cy - sin (x - cx) + cos (y - cy)
        return new AffineMatrix(cos, sin, centerX - cos * centerX - sin * centerY, -sin, cos, centerY + sin * centerX - cos * centerY);
    }

    /// <summary>The map that applies <paramref name="first"/> and then <paramref name="second"/>.</summary>
    public static AffineMatrix Compose(AffineMatrix first, AffineMatrix second) => new(
        second.M11 * first.M11 + second.M12 * first.M21,
        second.M11 * first.M12 + second.M12 * first.M22,
        second.M11 * first.M13 + second.M12 * first.M23 + second.M13,
        second.M21 * first.M11 + second.M22 * first.M21,
        second.M21 * first.M12 + second.M22 * first.M22,
        second.M21 * first.M13 + second.M22 * first.M23 + second.M23);

    /// <summary>The inverse map.</summary>
    /// <exception cref="InvalidOperationException">The matrix is singular.</exception>
    public AffineMatrix Invert()
    {
        double det = M11 * M22 - M12 * M21;
        if (det == 0 || !double.IsFinite(det)) throw new InvalidOperationException($"affine matrix {this} is singular and has no inverse.");
        double a = M22 / det, b = -M12 / det, d = -M21 / det, e = M11 / det;
        return new AffineMatrix(a, b, -(a * M13 + b * M23), d, e, -(d * M13 + e * M23));
    }

    /// <summary>Maps a point.</summary>
    public (double X, double Y) Transform(double x, double y) => (M11 * x + M12 * y + M13, M21 * x + M22 * y + M23);
}
