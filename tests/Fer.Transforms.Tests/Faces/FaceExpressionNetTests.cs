using Fer.Tensors;
using Xunit.Abstractions;
using Fer.Testing;
using Fer.Transforms.Faces;

namespace Fer.Transforms.Tests.Faces;

public sealed class FaceExpressionNetTests
{
    private readonly ITestOutputHelper output;

    public FaceExpressionNetTests(ITestOutputHelper output) => this.output = output;

    [SkippableFact]
    public void Forward_GoldenInput112_MatchesFaceApiLogits()
    {
        Tensor input = FaceModels.GoldenNchw("input112.f32", 112, 112, 3);
        float[] expected = FaceModels.GoldenValues("expr_logits.f32", 7);

        float[] actual = FaceModels.Expression.Forward(input).ToArray();

        double maxAbs = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"expression logits: max |error| {maxAbs:G3}, max relative {Close.MaxRelativeError(expected, actual):G3}; expected [{string.Join(", ", expected)}]");
        Close.Check(expected, actual, atol: 1e-4, rtol: 1e-3, "FaceExpressionNet logits");
    }
}
