using Fer.Tensors;
using Fer.Trainers.Backbones;
using Fer.Trainers.Data;
using Fer.Trainers.GcnMultitask;
using Fer.Trainers.Training;
using Xunit.Abstractions;

namespace Fer.Trainers.Tests.GcnMultitask;

public class GcnMultitaskTrainerTests(ITestOutputHelper output)
{
    private static GcnMultitaskOptions Options(MultitaskHeadKind head) => new()
    {
        Head = head, Epochs = 25, BatchSize = 40, LearningRate = 2e-2, Seed = 3, NodeInputSize = 16, GcnHiddenSize = 32,
    };

    [Theory]
    [InlineData(MultitaskHeadKind.Gcn)]
    [InlineData(MultitaskHeadKind.Independent)]
    public void Train_SyntheticFeatures_ReducesBothLossesBelowTrivialPredictors(MultitaskHeadKind head)
    {
        ImageTensorSet train = SyntheticAffect.Features(400, 8, seed: 1);
        GcnMultitaskModel model = GcnMultitaskTrainer.Train(train, train, Options(head));
        IReadOnlyList<EpochRecord> h = model.Training!.History;
        foreach (EpochRecord e in h)
            output.WriteLine($"epoch {e.Epoch}: loss {e.TrainLoss:F4}, CE {e.Validation["loss_classification"]:F4}, 1-CCC {e.Validation["loss_regression"]:F4}, accuracy {e.Validation["accuracy"]:F3}");
        var first = h[0].Validation;
        var last = GcnMultitaskTrainer.Evaluate(model, train);
        last["loss_classification"].Should().BeLessThan(first["loss_classification"]);
        last["loss_regression"].Should().BeLessThan(first["loss_regression"]);
        // Uniform probabilities give ln K; a constant valence/arousal prediction gives CCC 0 (loss 1).
        last["loss_classification"].Should().BeLessThan(0.5 * Math.Log(4));
        last["loss_regression"].Should().BeLessThan(0.2);
        last["accuracy"].Should().BeGreaterThan(0.85);
        last["ccc_valence"].Should().BeGreaterThan(0.8);
        last["ccc_arousal"].Should().BeGreaterThan(0.8);
        h[^1].TrainLoss.Should().BeLessThan(h[0].TrainLoss);
    }

    [Fact]
    public void Train_SameSeed_GivesBitIdenticalWeights()
    {
        ImageTensorSet train = SyntheticAffect.Features(120, 6, seed: 2);
        var options = Options(MultitaskHeadKind.Gcn);
        options.Epochs = 2;
        var a = GcnMultitaskTrainer.Train(train, null, options).Network.StateDict();
        var b = GcnMultitaskTrainer.Train(train, null, options).Network.StateDict();
        foreach (var (name, t) in a) b[name].ToArray().Should().Equal(t.ToArray(), name);
    }

    [Fact]
    public void Train_GcnHead_HoldsTheLabelGraphAsAFixedBuffer()
    {
        ImageTensorSet train = SyntheticAffect.Features(120, 6, seed: 2);
        var options = Options(MultitaskHeadKind.Gcn);
        options.Epochs = 2;
        GcnMultitaskModel model = GcnMultitaskTrainer.Train(train, null, options);
        LabelGraph graph = GcnMultitaskTrainer.BuildGraph(train, options);
        model.Adjacency!.ToArray().Should().Equal(graph.ToTensor().ToArray(), "the adjacency is computed once and never trained");
        model.Graph!.NodeNames.Should().Equal([.. SyntheticAffect.Classes, "valence", "arousal"]);
        model.FormatAdjacency().Should().Contain("happiness").And.Contain("arousal");
        // Valence follows the derived table, so every expression correlates with it above tau.
        for (int k = 0; k < 4; k++) graph.Binary[k, 4].Should().Be(1, $"class {k} - valence");
    }

    [Fact]
    public void Train_WordVectors_AreFixedNodeInputs()
    {
        ImageTensorSet train = SyntheticAffect.Features(80, 6, seed: 4);
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["neutral 1 0 0", "happy 0 1 0", "sad 0 0 1", "angry 1 1 0", "valence 0 1 1", "arousal 1 0 1"]);
            var options = Options(MultitaskHeadKind.Gcn);
            options.Epochs = 2;
            options.WordVectorsPath = path;
            GcnMultitaskModel model = GcnMultitaskTrainer.Train(train, null, options);
            model.Layout.FixedNodeInputs.Should().BeTrue();
            model.Layout.NodeInputSize.Should().Be(3);
            model.Network.StateDict()["head.node_vectors"].ToArray().Should().Equal(1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1);
            model.Network.NamedParameters().Select(p => p.Name).Should().NotContain(n => n.Contains("node"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Train_Images_RunsEndToEndThroughABackbone()
    {
        var g = new Tensors.Random.Generator(5);
        const int n = 12;
        float[] pixels = Tensor.Rand(g, n, 1, 32, 32).ToArray();
        int[] labels = [.. Enumerable.Range(0, n).Select(i => i % 4)];
        float[] v = [.. labels.Select(l => l * 0.3f - 0.4f)];
        float[] a = [.. labels.Select(l => 0.5f - l * 0.2f)];
        var set = new ImageTensorSet(pixels, 1, 32, 32, labels, valence: v, arousal: a, classNames: SyntheticAffect.Classes);
        var options = new GcnMultitaskOptions { Backbone = BackboneKind.Vgg, BackboneWidth = 4, Epochs = 1, BatchSize = 6, NodeInputSize = 8, GcnHiddenSize = 16 };
        GcnMultitaskModel model = GcnMultitaskTrainer.Train(set, set, options);
        model.Layout.FeatureInput.Should().BeFalse();
        var prediction = model.Predict(set.Batch(Enumerable.Range(0, n).ToArray()));
        prediction.Probabilities.Shape.ToArray().Should().Equal(n, 4);
        prediction.Valence.Should().HaveCount(n).And.OnlyContain(x => float.IsFinite(x));
        prediction.Features.Size(1).Should().Be(model.FeatureSize);
    }

    [Fact]
    public void Train_NoValenceArousal_ThrowsPointingToDerivedValues()
    {
        var act = () => GcnMultitaskTrainer.Train(SyntheticAffect.Features(20, 4, 1, withValenceArousal: false), null, new GcnMultitaskOptions());
        act.Should().Throw<ArgumentException>().WithMessage("*no valence/arousal*DerivedValenceArousal*");
    }

    [Fact]
    public void Train_ValidationOfOtherShape_Throws()
    {
        var act = () => GcnMultitaskTrainer.Train(SyntheticAffect.Features(20, 4, 1), SyntheticAffect.Features(20, 5, 1), new GcnMultitaskOptions());
        act.Should().Throw<ArgumentException>().WithMessage("*Validation inputs are 5x1x1*4x1x1*");
    }

    [Fact]
    public void Options_BadValues_NameTheOption()
    {
        var act = () => new GcnMultitaskOptions { AdjacencyThreshold = 2 }.Validate();
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*tau*");
        var lr = () => new GcnMultitaskOptions { LearningRate = 0 }.Validate();
        lr.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*LearningRate*");
    }
}
