using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Tensors.Random;
using Fer.Testing;
using Fer.Trainers.Backbones;
using Fer.Trainers.FeatureExtractor;
using Fer.Trainers.GcnMultitask;
using Fer.Trainers.Heads;
using Fer.Trainers.Supervised;
using FluentAssertions;

namespace Fer.Trainers.Tests.Inference;

/// <summary>The trained models score through compiled inference plans: those must agree with the networks run op by op.</summary>
public sealed class CompiledModelTests
{
    [Theory]
    [InlineData(BackboneKind.Vgg, 1, 48)]
    [InlineData(BackboneKind.ResNet18, 1, 48)]
    [InlineData(BackboneKind.ResNet18, 3, 112)]
    [InlineData(BackboneKind.MobileFaceNet, 3, 64)]
    public void SupervisedPredict_EveryBackbone_MatchesEagerNetwork(BackboneKind kind, int channels, int size)
    {
        var gen = new Generator(3);
        ExpressionNetwork network = Network(kind, channels, size, 16, gen);
        var model = new SupervisedModel(network, [.. Enumerable.Range(0, 8).Select(i => $"c{i}")], channels, size);
        Tensor x = Tensor.Uniform(gen, -1f, 1f, 3, channels, size, size);
        var (probs, features) = model.Predict(x);
        Tensor logits, expectedFeatures;
        using (GradMode.NoGrad()) (logits, expectedFeatures) = network.ForwardWithFeatures(x);
        Close.Check(Functional.Softmax(logits, 1).ToArray(), probs.ToArray(), 1e-5, 1e-3, $"{kind} probabilities");
        Close.Check(expectedFeatures.ToArray(), features.ToArray(), 1e-4, 1e-3, $"{kind} features");
    }

    [Fact]
    public void SupervisedPredict_Ensemble_AveragesProbabilitiesAndJoinsFeatures()
    {
        var gen = new Generator(4);
        ExpressionNetwork[] members = [Network(BackboneKind.Vgg, 1, 48, 8, gen), Network(BackboneKind.Vgg, 1, 48, 8, gen)];
        var model = new SupervisedModel(members, [.. Enumerable.Range(0, 8).Select(i => $"c{i}")], 1, 48);
        Tensor x = Tensor.Uniform(gen, -1f, 1f, 2, 1, 48, 48);
        var (probs, features) = model.Predict(x);
        using var _ = GradMode.NoGrad();
        var outputs = members.Select(m => m.ForwardWithFeatures(x)).ToArray();
        Tensor mean = (Functional.Softmax(outputs[0].Output, 1) + Functional.Softmax(outputs[1].Output, 1)).Div(2f);
        Close.Check(mean.ToArray(), probs.ToArray(), 1e-5, 1e-3, "mean probabilities");
        Close.Check(Tensor.Concat([outputs[0].Features, outputs[1].Features], 1).ToArray(), features.ToArray(), 1e-4, 1e-3, "features side by side");
    }

    [Theory]
    [InlineData(MultitaskHeadKind.Gcn)]
    [InlineData(MultitaskHeadKind.Independent)]
    public void GcnPredict_Images_MatchesEagerNetwork(MultitaskHeadKind head)
    {
        var gen = new Generator(5);
        string[] classes = ["a", "b", "c"];
        Module backbone = BackboneFactory.Create(BackboneKind.Vgg, 1, 48, 8, gen);
        int f = ((IBackbone)backbone).FeatureSize;
        Module headModule = head == MultitaskHeadKind.Gcn
            ? new GcnHead(Tensor.Full(0.2f, 5, 5), f, nodeInputSize: 6, hiddenSize: 10, generator: gen)
            : new IndependentHeads(f, 3, gen);
        var network = new ExpressionNetwork(backbone, headModule);
        var layout = new GcnMultitaskLayout(false, 1, 48, f, BackboneKind.Vgg, 8, head, classes, 6, 10, 0.2f, false);
        var model = new GcnMultitaskModel(network, layout);
        Randomise(network, gen);
        Tensor x = Tensor.Uniform(gen, -1f, 1f, 2, 1, 48, 48);
        GcnMultitaskPrediction p = model.Predict(x);
        Tensor output;
        using (GradMode.NoGrad()) output = network.Forward(x);
        float[] o = output.ToArray();
        Close.Check(Functional.Softmax(output.Narrow(1, 0, 3), 1).ToArray(), p.Probabilities.ToArray(), 1e-5, 1e-3, "probabilities");
        p.Valence.Should().BeEquivalentTo(new[] { o[3], o[8] }, opt => opt.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-4f)).WhenTypeIs<float>());
    }

    [Fact]
    public void FeatureExtractor_FeaturesAndHeads_MatchEagerNetwork()
    {
        var gen = new Generator(6);
        Module backbone = BackboneFactory.Create(BackboneKind.ResNet18, 1, 48, 8, gen);
        int f = ((IBackbone)backbone).FeatureSize;
        var network = new MultiHeadNetwork(backbone, [new LinearHead(f, 4, generator: gen), new LinearHead(f, 6, generator: gen)]);
        var model = new FeatureExtractorModel(network, ["x", "y"], [["a", "b", "c", "d"], ["1", "2", "3", "4", "5", "6"]], 1, 48);
        Randomise(network, gen);
        Tensor x = Tensor.Uniform(gen, -1f, 1f, 3, 1, 48, 48);
        Tensor features, head1;
        using (GradMode.NoGrad())
        {
            features = network.Forward(x);
            head1 = Functional.Softmax(network.HeadForward(1, features), 1);
        }
        Close.Check(features.ToArray(), model.ExtractFeatures(x).ToArray(), 1e-4, 1e-3, "features");
        Close.Check(head1.ToArray(), model.PredictHead(1, x).ToArray(), 1e-5, 1e-3, "head 1");
    }

    private static ExpressionNetwork Network(BackboneKind kind, int channels, int size, int width, Generator gen)
    {
        Module backbone = BackboneFactory.Create(kind, channels, size, width, gen);
        var network = new ExpressionNetwork(backbone, new LinearHead(((IBackbone)backbone).FeatureSize, 8, dropout: 0.3f, generator: gen));
        Randomise(network, gen);
        return network;
    }

    // Trained-looking batch norms: running statistics and affine parameters away from 0 and 1, so folding them is tested.
    private static void Randomise(Module network, Generator gen)
    {
        foreach (var (_, m) in network.NamedModules())
        {
            if (m is not BatchNormBase bn) continue;
            Fill(bn.RunningMean!, gen, -0.3f, 0.3f);
            Fill(bn.RunningVar!, gen, 0.5f, 2f);
            Fill(bn.Weight!, gen, 0.5f, 1.5f);
            Fill(bn.Bias!, gen, -0.3f, 0.3f);
        }
        network.Eval();
    }

    private static void Fill(Tensor t, Generator gen, float low, float high)
    {
        Span<float> s = t.AsSpan();
        for (int i = 0; i < s.Length; i++) s[i] = low + (high - low) * gen.NextSingle();
    }
}
