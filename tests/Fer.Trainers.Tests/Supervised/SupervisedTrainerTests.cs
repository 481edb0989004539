using Fer.Trainers.Backbones;
using Fer.Trainers.Supervised;
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
}
