using System.Globalization;

namespace Fer.MLNet.Tests.Onnx.Support;

/// <summary>Error measures between a reference and our output: max absolute error, and max relative error |a-e| / max(|e|, 1e-3 * max|e|).</summary>
public readonly record struct Agreement(double MaxAbs, double MaxRel, double MaxRef)
{
    public static Agreement Of(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length) throw new Xunit.Sdk.XunitException($"length {actual.Length}, expected {expected.Length}");
        double scale = 0;
        foreach (float e in expected) scale = Math.Max(scale, Math.Abs(e));
        double floor = Math.Max(scale * 1e-3, 1e-12);
        double abs = 0, rel = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double err = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(err)) err = double.PositiveInfinity;
            abs = Math.Max(abs, err);
            rel = Math.Max(rel, err / Math.Max(Math.Abs(expected[i]), floor));
        }
        return new Agreement(abs, rel, scale);
    }

    public Agreement Max(Agreement other) => new(Math.Max(MaxAbs, other.MaxAbs), Math.Max(MaxRel, other.MaxRel), Math.Max(MaxRef, other.MaxRef));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"max abs {MaxAbs:G3}, max rel {MaxRel:G3} (max |ref| {MaxRef:G4})");
}
