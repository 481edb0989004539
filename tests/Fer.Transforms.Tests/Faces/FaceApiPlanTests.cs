using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Random;
using Fer.Testing;
using Fer.Transforms.Faces;
using FluentAssertions;

namespace Fer.Transforms.Tests.Faces;

/// <summary>The face-api networks' compiled inference plans against the same networks run op by op.</summary>
public sealed class FaceApiPlanTests
{
    [Fact]
    public void ExpressionPlan_RandomFaces_MatchesEagerNetwork()
    {
        FaceExpressionNet net = FaceModels.Expression;
        Tensor x = Tensor.Uniform(new Generator(1), -0.5f, 0.5f, 3, 3, 112, 112);
        Tensor[] outputs = net.Plan.RunAll(x * 255f + Tensor.FromArray([.. FaceExpressionNet.MeanRgb], 1, 3, 1, 1));
        Tensor features, logits;
        using (GradMode.NoGrad())
        {
            features = net.Extractor.Forward(x);
            logits = features.MatMul(net.Classifier.Weights) + net.Classifier.Bias;
        }
        Close.Check(logits.ToArray(), outputs[0].ToArray(), 1e-4, 1e-3, "logits");
        Close.Check(features.ToArray(), outputs[1].ToArray(), 1e-4, 1e-3, "features");
        net.Plan.Steps.Should().Contain(s => s.Contains("relu-in"), "the ReLU of each running sum is read by the next depthwise convolution");
    }

    [Theory]
    [InlineData(160)]
    [InlineData(224)]
    public void DetectorPlan_RandomImages_MatchesEagerNetwork(int size)
    {
        // 224: odd maps (7x7) in the 'same' pools.
        TinyFaceDetector net = FaceModels.Detector;
        Tensor x = Tensor.Uniform(new Generator((ulong)size), -0.5f, 0.5f, 2, 3, size, size);
        Tensor expected;
        using (GradMode.NoGrad()) expected = net.RunEagerly(x);
        Tensor actual = net.Forward(x * 255f + Tensor.FromArray([117.001f, 114.697f, 97.404f], 1, 3, 1, 1));
        float scale = expected.ToArray().Max(Math.Abs);
        Close.Check(expected.ToArray(), actual.ToArray(), 1e-4 * scale, 1e-3, $"grid at {size}");
    }
}
