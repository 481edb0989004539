using System.Globalization;
using System.Text;

namespace Fer.Testing;

/// <summary>
/// Element-wise closeness with tolerance = absolute + relative * |expected|. A failure names the
/// first mismatching indices with expected and actual values, and the largest errors seen.
/// </summary>
public static class Close
{
    /// <summary>Asserts that every element of <paramref name="actual"/> is within atol + rtol*|expected|.</summary>
    public static void Check(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double atol, double rtol, string what = "values")
    {
        double[] e = new double[expected.Length];
        for (int i = 0; i < e.Length; i++) e[i] = expected[i];
        double[] a = new double[actual.Length];
        for (int i = 0; i < a.Length; i++) a[i] = actual[i];
        Check(e, a, atol, rtol, what);
    }

    /// <summary>Double-precision overload of <see cref="Check(ReadOnlySpan{float}, ReadOnlySpan{float}, double, double, string)"/>.</summary>
    public static void Check(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double atol, double rtol, string what = "values")
    {
        if (expected.Length != actual.Length)
            throw new Xunit.Sdk.XunitException($"{what}: length {actual.Length}, expected {expected.Length}");
        var sb = new StringBuilder();
        int bad = 0;
        double worstAbs = 0, worstRel = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            double err = Math.Abs(e - a);
            bool ok = err <= atol + rtol * Math.Abs(e) || (double.IsNaN(e) && double.IsNaN(a)) || e == a;
            if (!double.IsNaN(err)) { worstAbs = Math.Max(worstAbs, err); worstRel = Math.Max(worstRel, err / Math.Max(Math.Abs(e), 1e-12)); }
            if (!ok)
            {
                if (bad < 8) sb.Append(CultureInfo.InvariantCulture, $"\n  [{i}] expected {e:G9}, actual {a:G9}, |err| {err:G3}");
                bad++;
            }
        }
        if (bad > 0)
            throw new Xunit.Sdk.XunitException(
                $"{what}: {bad} of {expected.Length} elements differ beyond atol {atol:G3} + rtol {rtol:G3} (max abs err {worstAbs:G3}, max rel err {worstRel:G3}); first:{sb}");
    }

    /// <summary>Largest relative error max|e-a| / max(|e|, floor) over all elements.</summary>
    public static double MaxRelativeError(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double floor = 1e-6)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs((double)expected[i] - actual[i]) / Math.Max(Math.Abs((double)expected[i]), floor));
        return worst;
    }
}
