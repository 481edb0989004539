using Fer.Tensors;
using Fer.Trainers.Backbones;
using Fer.Trainers.Supervised;
using Fer.Trainers.Tests.FeatureExtractor;
using Fer.Trainers.Tests.Support;
using Fer.Trainers.Training;
using Fer.Transforms.Datasets;
using Xunit.Abstractions;

namespace Fer.Trainers.Tests.Supervised;

public class SupervisedTrainerTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Train_SmallVggOnFerPlusProbabilities_LearnsAndReportsHistory()
    {
        var train = FerPlusSample.Load("FER2013Train", 1500, FerPlusLabelMode.Probability);
        var valid = FerPlusSample.Load("FER2013Valid", 300, FerPlusLabelMode.Majority);
        var options = new SupervisedTrainerOptions
        {
            Backbone = BackboneKind.Vgg, BackboneWidth = 16, Epochs = 4, BatchSize = 50, LearningRate = 0.02, Seed = 5,
        };
        var reports = 0;
        options.Progress = new Progress(_ => Interlocked.Increment(ref reports));
        SupervisedModel model = SupervisedTrainer.Train(train, valid, options);
        TrainingResult r = model.Training!;
        foreach (EpochRecord e in r.History) output.WriteLine($"epoch {e.Epoch}: train loss {e.TrainLoss:F4}, valid accuracy {e.Validation["accuracy"]:F3}, macro-F1 {e.Validation["macro_f1"]:F3}");
        r.History.Should().HaveCount(4);
        r.History[^1].TrainLoss.Should().BeLessThan(r.History[0].TrainLoss);
        double majority = valid.Labels!.GroupBy(l => l).Max(g => g.Count()) / (double)valid.Count;
        r.BestMetric.Should().BeGreaterThan(majority + 0.05, $"majority-class rate is {majority:F3}");
        model.ClassNames.Should().HaveCount(8);

        // The restored best epoch is what Predict scores.
        var (probs, features) = model.Predict(valid.Batch(Enumerable.Range(0, valid.Count).ToArray()));
        probs.Shape.ToArray().Should().Equal(valid.Count, 8);
        features.Size(1).Should().Be(256);
        int[] predicted = probs.ArgMaxRows();
        double accuracy = predicted.Zip(valid.Labels!).Count(p => p.First == p.Second) / (double)valid.Count;
        accuracy.Should().BeApproximately(r.BestMetric!.Value, 1e-9);
    }

    [Fact]
    public void Train_Ensemble_EachMemberTrainsAsIfAlone_AndTheModelAveragesThem()
    {
        var train = SyntheticFaces.Quadrants(96, seed: 3, probabilities: true);
        var valid = SyntheticFaces.Quadrants(40, seed: 4);
        SupervisedTrainerOptions Options(int members) => new()
        {
            Backbone = BackboneKind.Vgg, BackboneWidth = 4, Epochs = 2, BatchSize = 32, LearningRate = 0.02, Seed = 7, EnsembleSize = members,
            Augmentation = new() { HorizontalFlip = 0.5, PadCrop = 4 },
        };
        SupervisedModel single = SupervisedTrainer.Train(train, null, Options(1));
        SupervisedTrainerOptions ensembleOptions = Options(2);
        ensembleOptions.RestoreBestEpoch = false; // keep the last epoch, the one the single run ends with
        SupervisedModel ensemble = SupervisedTrainer.Train(train, valid, ensembleOptions);

        single.Members.Should().ContainSingle();
        ensemble.Members.Should().HaveCount(2);
        ensemble.Network.Should().BeSameAs(ensemble.Members[0]);
        // Member 0 has the seed's initialisation, data order, augmentation and dropout, and the members share
        // no parameter, so it ends bit for bit where the one-network run ends; member 1 starts elsewhere.
        IReadOnlyDictionary<string, Tensor> alone = single.Network.StateDict(), first = ensemble.Members[0].StateDict(), second = ensemble.Members[1].StateDict();
        first.Keys.Should().BeEquivalentTo(alone.Keys);
        foreach (string name in alone.Keys) first[name].ToArray().Should().Equal(alone[name].ToArray(), name);
        alone.Keys.Should().Contain(name => !second[name].ToArray().SequenceEqual(alone[name].ToArray()));

        // Probabilities are the mean of the members' softmax; features the members' features side by side.
        Tensor images = valid.Batch([.. Enumerable.Range(0, valid.Count)]);
        var (probs, features) = ensemble.Predict(images, batchSize: 16);
        var (p0, f0) = new SupervisedModel(ensemble.Members[0], ensemble.ClassNames, 1, 48).Predict(images);
        var (p1, f1) = new SupervisedModel(ensemble.Members[1], ensemble.ClassNames, 1, 48).Predict(images);
        float[] expected = [.. p0.ToArray().Zip(p1.ToArray(), (a, b) => (a + b) / 2)];
        probs.ToArray().Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-6f);
        ensemble.FeatureSize.Should().Be(2 * ensemble.Members[0].Backbone.FeatureSize);
        features.Shape.ToArray().Should().Equal(valid.Count, ensemble.FeatureSize);
        int f = ensemble.Members[0].Backbone.FeatureSize;
        for (int r = 0; r < valid.Count; r++)
        {
            features.ToArray().AsSpan(r * 2 * f, f).ToArray().Should().Equal(f0.ToArray().AsSpan(r * f, f).ToArray(), $"row {r}, member 0");
            features.ToArray().AsSpan(r * 2 * f + f, f).ToArray().Should().Equal(f1.ToArray().AsSpan(r * f, f).ToArray(), $"row {r}, member 1");
        }

        // The validation metric is the ensemble's: the accuracy of the averaged prediction.
        double accuracy = probs.ArgMaxRows().Zip(valid.Labels!).Count(t => t.First == t.Second) / (double)valid.Count;
        ensemble.Training!.History[^1].Validation["accuracy"].Should().BeApproximately(accuracy, 1e-9);
    }

    [Fact]
    public void Options_EnsembleOfNone_IsRejected()
    {
        var act = () => new SupervisedTrainerOptions { EnsembleSize = 0 }.Validate();
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*EnsembleSize*at least 1*");
    }

    [Fact]
    public void Train_NoLabels_ThrowsNamingTheProblem()
    {
        var set = new Data.ImageTensorSet(new float[2 * 48 * 48], 1, 48, 48);
        var act = () => SupervisedTrainer.Train(set, null, new SupervisedTrainerOptions());
        act.Should().Throw<ArgumentException>().WithMessage("*no class labels*");
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void Validate_SecondPass_TakesActivationsFromThePool()
    {
        var gen = new Fer.Tensors.Random.Generator(4);
        int n = 40;
        var pixels = new float[n * 48 * 48];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = gen.NextSingle();
        var set = new Fer.Trainers.Data.ImageTensorSet(pixels, 1, 48, 48, [.. Enumerable.Range(0, n).Select(i => i % 3)]);
        var net = new Fer.Trainers.Heads.ExpressionNetwork(new VggNet(1, [8, 8, 8, 8], hidden: 16, generator: gen), new Fer.Trainers.Heads.LinearHead(16, 3, generator: gen));
        net.Eval();
        using (Fer.Tensors.Autograd.GradMode.NoGrad())
        {
            SupervisedTrainer.Validate([net], set, 20, 3); // fills the pool
            long before = GC.GetAllocatedBytesForCurrentThread();
            var metrics = SupervisedTrainer.Validate([net], set, 20, 3);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            metrics.Should().ContainKey("accuracy");
            // One batch's first activation alone is 20 x 8 x 48 x 48 floats (720 KiB); a pass without the pool made a dozen such arrays per batch.
            allocated.Should().BeLessThan(256 * 1024);
        }
    }
}
