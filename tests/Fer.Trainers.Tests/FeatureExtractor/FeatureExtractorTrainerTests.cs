using Fer.Tensors;
using Fer.Tensors.Random;
using Fer.Trainers.Backbones;
using Fer.Trainers.FeatureExtractor;
using Fer.Trainers.Training;
using Xunit.Abstractions;

namespace Fer.Trainers.Tests.FeatureExtractor;

public sealed class FeatureExtractorTrainerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "fer-fe-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private static FeatureExtractorTrainerOptions Tiny(int epochs, Action<FeatureExtractorTrainerOptions>? change = null)
    {
        var o = new FeatureExtractorTrainerOptions
        {
            Backbone = BackboneKind.Vgg, BackboneWidth = 4, Epochs = epochs, BatchSize = 32, LearningRate = 0.03, Seed = 3,
            Augmentation = new() { HorizontalFlip = 0 }, HeadDropout = 0.1f,
        };
        change?.Invoke(o);
        return o;
    }

    private static FeatureExtractorDataset[] TwoDatasets(bool probabilities = false, int main = 128, int aux = 64) =>
    [
        new("quadrants", SyntheticFaces.Quadrants(main, 1, probabilities), SyntheticFaces.Quadrants(40, 2)),
        new("stripes", SyntheticFaces.Stripes(aux, 3)),
    ];

    [Fact]
    public void Train_TwoDatasetsTeacherTriplets_LossesFallEveryTermActiveHeadsSeeOnlyTheirRows()
    {
        var teacher = new SyntheticFaces.QuadrantTeacher();
        var reports = new List<TrainingProgress>();
        var options = Tiny(4, o =>
        {
            o.Teacher = teacher;
            o.Progress = new SyncProgress(reports.Add);
        });
        FeatureExtractorModel model = FeatureExtractorTrainer.Train(TwoDatasets(probabilities: true), options);

        foreach (var (e, i) in model.LossHistory.Select((e, i) => (e, i)))
            output.WriteLine($"epoch {i + 1}: " + string.Join(", ", e.Select(kv => $"{kv.Key} {kv.Value:F4}")));
        model.LossHistory.Should().HaveCount(4);
        var first = model.LossHistory[0];
        var last = model.LossHistory[^1];
        foreach (string term in new[] { "loss.quadrants", "loss.stripes", "loss.distillation", "loss.triplet" })
        {
            first.Should().ContainKey(term);
            first[term].Should().BePositive($"{term} is active");
            last[term].Should().BeLessThan(first[term], $"{term} falls");
        }
        model.Training!.History[^1].TrainLoss.Should().BeLessThan(model.Training.History[0].TrainLoss);
        foreach (var epoch in model.LossHistory)
        {
            // Proportional sampling: each head sees exactly its dataset's rows once per epoch.
            epoch["rows.quadrants"].Should().Be(128);
            epoch["rows.stripes"].Should().Be(64);
            epoch["rows.distilled"].Should().Be(192, "the teacher labels every dataset's rows through the main head");
            epoch["triplets"].Should().BePositive();
        }
        teacher.Calls.Should().BeGreaterThan(0);
        // The components reach the user's progress sink on every training step.
        var trainReports = reports.Where(r => r.Phase == "train").ToList();
        trainReports.Should().HaveCount(4 * 6);
        trainReports.Should().OnlyContain(r => r.Metrics.ContainsKey("loss.distillation") && r.Metrics.ContainsKey("loss.triplet") && r.Metrics.ContainsKey("loss.classification"));
        reports.Where(r => r.Phase == "validate").Should().OnlyContain(r => r.Metrics.ContainsKey("quadrants.accuracy") && r.Metrics.ContainsKey("accuracy"));
        model.Training.BestMetric.Should().BeGreaterThan(0.6, "the main head learns the quadrant rule (chance is 0.25)");
    }

    [Fact]
    public void Loss_BatchOfOneDataset_OnlyThatHeadGetsGradients()
    {
        var datasets = TwoDatasets();
        var options = Tiny(1, o => o.TripletWeight = 0);
        var init = new Generator(1);
        var backbone = BackboneFactory.Create(BackboneKind.Vgg, 1, 48, 4, init);
        var network = new MultiHeadNetwork(backbone, [new Heads.LinearHead(256, 4, 0, init), new Heads.LinearHead(256, 3, 0, init)]);
        var objective = new MultiTaskObjective(network, datasets, options, [null, null], 0, new LossComponents(null));
        foreach (int only in new[] { 0, 1 })
        {
            network.ZeroGrad();
            int[] ds = [.. Enumerable.Repeat(only, 6)];
            int[] idx = [.. Enumerable.Range(0, 6)];
            Tensor images = datasets[only].Train.Batch(idx);
            objective.Loss(images, ds, idx, new Generator(2)).Backward();
            for (int h = 0; h < 2; h++)
            {
                var grads = network.Heads[h].Parameters().Select(p => p.Grad?.ToArray() ?? []).SelectMany(g => g).ToArray();
                if (h == only) grads.Should().Contain(g => g != 0, $"head {h} scores the batch of dataset {only}");
                else grads.All(g => g == 0).Should().BeTrue($"head {h} must not see rows of dataset {only} (no gradient, or only zeros)");
            }
        }
    }

    [Fact]
    public void Train_OnlyDistillation_StudentFollowsTeacher()
    {
        // No labels used at all: the main head can only learn the quadrant rule from the teacher.
        var options = Tiny(4, o => { o.Teacher = new SyntheticFaces.QuadrantTeacher(); o.ClassificationWeight = 0; o.TripletWeight = 0; o.Temperature = 2; });
        FeatureExtractorModel model = FeatureExtractorTrainer.Train(TwoDatasets(), options);
        var valid = SyntheticFaces.Quadrants(60, 9);
        int[] predicted = model.PredictHead(0, valid.Batch([.. Enumerable.Range(0, 60)])).ArgMaxRows();
        double agreement = predicted.Zip(valid.Labels!).Count(p => p.First == p.Second) / 60.0;
        output.WriteLine($"agreement with the teacher's rule: {agreement:F3}");
        agreement.Should().BeGreaterThan(0.6);
        model.LossHistory[^1].Should().NotContainKey("loss.quadrants");
        model.LossHistory[^1]["loss.distillation"].Should().BeLessThan(model.LossHistory[0]["loss.distillation"]);
    }

    [Fact]
    public void Train_RoundRobinInterruptedAndResumed_BitIdenticalFeatures()
    {
        var datasets = TwoDatasets(main: 48, aux: 24);
        FeatureExtractorTrainerOptions Options(string folder) => Tiny(2, o =>
        {
            o.BatchSize = 16;
            o.Sampling = DatasetSampling.RoundRobin;
            o.Teacher = new SyntheticFaces.QuadrantTeacher();
            o.CheckpointDirectory = Path.Combine(dir, folder);
            o.CheckpointEverySteps = 3;
            o.Augmentation = new() { HorizontalFlip = 0.5, PadCrop = 2 };
        });
        FeatureExtractorModel straight = FeatureExtractorTrainer.Train(datasets, Options("a"));

        using var cts = new CancellationTokenSource();
        var interrupted = Options("b");
        interrupted.CancellationToken = cts.Token;
        interrupted.Progress = new SyncProgress(p => { if (p.Step == 7) cts.Cancel(); });
        var act = () => FeatureExtractorTrainer.Train(datasets, interrupted);
        act.Should().Throw<OperationCanceledException>();
        var resumed = Options("c");
        resumed.ResumeFrom = Path.Combine(dir, "b");
        FeatureExtractorModel model = FeatureExtractorTrainer.Train(datasets, resumed);

        model.Training!.ResumedFrom.Should().NotBeNull();
        Tensor images = datasets[1].Train.Batch([.. Enumerable.Range(0, 20)]);
        model.ExtractFeatures(images).ToArray().Should().Equal(straight.ExtractFeatures(images).ToArray());
        model.PredictHead(1, images).ToArray().Should().Equal(straight.PredictHead(1, images).ToArray());
    }

    [Fact]
    public void Train_BadDatasets_ThrowNamingTheProblem()
    {
        var q = SyntheticFaces.Quadrants(8, 1);
        var small = new Data.ImageTensorSet(new float[2 * 32 * 32], 1, 32, 32, [0, 1]);
        var unlabelled = new Data.ImageTensorSet(new float[2 * 48 * 48], 1, 48, 48);
        var cases = new (FeatureExtractorDataset[] Sets, FeatureExtractorTrainerOptions Options, string Message)[]
        {
            ([], Tiny(1), "*At least one dataset*"),
            ([new("a", q), new("a", q)], Tiny(1), "*Two datasets are named 'a'*"),
            ([new("a b", q)], Tiny(1), "*name 'a b'*"),
            ([new("a", q), new("b", small)], Tiny(1), "*'b' are [1, 32, 32]*'a' are [1, 48, 48]*"),
            ([new("a", q), new("b", unlabelled)], Tiny(1), "*'b' has no class labels*"),
            ([new("a", q)], Tiny(1, o => o.Teacher = new WrongTeacher()), "*teacher predicts 7 classes*'a' has 4*"),
        };
        foreach (var (sets, options, message) in cases)
            FluentActions.Invoking(() => FeatureExtractorTrainer.Train(sets, options)).Should().Throw<ArgumentException>().WithMessage(message);
        var badValid = new Data.ImageTensorSet(new float[48 * 48], 1, 48, 48, [7]);
        FluentActions.Invoking(() => FeatureExtractorTrainer.Train([new("a", q, badValid)], Tiny(1)))
            .Should().Throw<ArgumentException>().WithMessage("*validation set of 'a' holds label 7*4 classes*");
        FluentActions.Invoking(() => FeatureExtractorTrainer.Train([new("a", q)], Tiny(1, o => { o.ClassificationWeight = 0; o.TripletWeight = 0; })))
            .Should().Throw<ArgumentException>().WithMessage("*Every objective is off*");
    }

    private sealed class WrongTeacher : IDistillationTeacher
    {
        public int ClassCount => 7;

        public Tensor Logits(Tensor images) => Tensor.Zeros(images.Size(0), 7);
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
