using Fer.Tensors;
using Xunit.Abstractions;
using Fer.Testing;
using Fer.Transforms.Faces;

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
        // Within 1e-3 of the largest magnitude, element-wise with an absolute floor for values near zero.
        Close.Check(e, a, atol: 1e-3 * maxValue, rtol: 1e-3, "TinyFaceDetector raw output");
    }
}
