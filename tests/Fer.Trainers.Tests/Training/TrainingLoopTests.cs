using Fer.Tensors;
using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;
using Fer.Tensors.Random;
using Fer.Trainers.Training;

namespace Fer.Trainers.Tests.Training;

public sealed class TrainingLoopTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "fer-loop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    /// <summary>A tiny regression with dropout (so per-step randomness matters): 64 examples, batches of 8.</summary>
    private sealed class Problem
    {
        public readonly Sequential Model;
        public readonly Sgd Optimizer;
        public readonly OneCycleLR Scheduler;
        private readonly Tensor x, y;
        private readonly Generator dropoutRandom = new(0);
        public int Steps;

        public Problem(int epochs)
        {
            var g = new Generator(5);
            x = Tensor.Randn(g, 64, 4);
            y = x.MatMul(Tensor.FromArray([1f, -2f, 0.5f, 3f], 4, 1)).Add(0.1f);
            Model = new Sequential(new Linear(4, 8, generator: new Generator(1)), new ReLU(), new Dropout(0.2f, dropoutRandom), new Linear(8, 1, generator: new Generator(2)));
            Optimizer = new Sgd(Model.Parameters(), learningRate: 0.05, momentum: 0.9);
            Scheduler = new OneCycleLR(Optimizer, maxLearningRate: 0.05, totalSteps: epochs * 8);
        }

        public StepResult Step(StepContext ctx)
        {
            Steps++;
            dropoutRandom.SetState(ctx.Random.Fork().GetState());
            int[] order = TrainingLoop.EpochOrder(7, ctx.Epoch, 64);
            int[] idx = order.Skip(ctx.BatchIndex * 8).Take(8).ToArray();
            Tensor loss = Losses.Mse(Model.Forward(x.IndexSelect(0, idx)), y.IndexSelect(0, idx));
            loss.Backward();
            return new StepResult(loss.Item(), 8);
        }

        public IReadOnlyDictionary<string, double> Validate(int epoch)
            => new Dictionary<string, double> { ["loss"] = Losses.Mse(Model.Forward(x), y).Item() };

        public float[] Weights() => Model.Parameters().SelectMany(p => p.ToArray()).ToArray();
    }

    private TrainingOptions Options(int epochs, Action<TrainingOptions>? change = null)
    {
        var o = new TrainingOptions
        {
            Epochs = epochs, BatchSize = 8, Seed = 7, MonitorMetric = "loss", MonitorHigherIsBetter = false,
            CheckpointDirectory = dir, CheckpointEverySteps = 3,
        };
        change?.Invoke(o);
        return o;
    }

    [Fact]
    public void Run_InterruptedAndResumed_EndsBitIdenticalToUninterrupted()
    {
        var straight = new Problem(4);
        TrainingResult full = new TrainingLoop(Options(4), straight.Model, straight.Optimizer, straight.Scheduler, 8, "test").Run(straight.Step, straight.Validate);

        // Cancel in the middle of epoch 2, then resume in a fresh process-like setup (new model, optimizer, scheduler).
        using var cts = new CancellationTokenSource();
        var first = new Problem(4);
        var opts = Options(4, o => o.CheckpointDirectory = Path.Combine(dir, "run2"));
        opts.CancellationToken = cts.Token;
        var act = () => new TrainingLoop(opts, first.Model, first.Optimizer, first.Scheduler, 8, "test").Run(ctx =>
        {
            if (ctx.GlobalStep == 13) cts.Cancel();
            return first.Step(ctx);
        }, first.Validate);
        act.Should().Throw<OperationCanceledException>();

        var second = new Problem(4);
        var resume = Options(4, o => { o.CheckpointDirectory = Path.Combine(dir, "run2"); o.ResumeFrom = Path.Combine(dir, "run2"); });
        TrainingResult resumed = new TrainingLoop(resume, second.Model, second.Optimizer, second.Scheduler, 8, "test").Run(second.Step, second.Validate);

        resumed.ResumedFrom.Should().EndWith("ckpt-00000014");
        second.Steps.Should().Be(32 - 14, "the resumed run does only the remaining steps");
        second.Weights().Should().Equal(straight.Weights());
        resumed.History.Select(h => h.TrainLoss).Should().Equal(full.History.Select(h => h.TrainLoss));
        resumed.History.Select(h => h.Validation["loss"]).Should().Equal(full.History.Select(h => h.Validation["loss"]));
        resumed.BestEpoch.Should().Be(full.BestEpoch);
    }

    [Fact]
    public void Run_NaNLoss_StopsBeforeUpdatingAndWritesNoBadCheckpoint()
    {
        var p = new Problem(2);
        float[] before = null!;
        var act = () => new TrainingLoop(Options(2), p.Model, p.Optimizer, p.Scheduler, 8, "test").Run(ctx =>
        {
            var r = p.Step(ctx);
            if (ctx.GlobalStep == 5)
            {
                before = p.Weights();
                return r with { Loss = double.NaN };
            }
            return r;
        });
        act.Should().Throw<TrainingDivergedException>().WithMessage("*NaN*step 6*");
        p.Weights().Should().Equal(before, "the optimizer must not step on a NaN loss");
        Directory.GetDirectories(dir).Select(Path.GetFileName).Should().BeEquivalentTo(["ckpt-00000003"]);
    }

    [Fact]
    public void Resume_CorruptNewestCheckpoint_FallsBackToPrevious()
    {
        var p = new Problem(1);
        new TrainingLoop(Options(1), p.Model, p.Optimizer, p.Scheduler, 8, "test").Run(p.Step);
        string[] ckpts = Directory.GetDirectories(dir).Order().ToArray();
        ckpts.Select(Path.GetFileName).Should().Equal("ckpt-00000006", "ckpt-00000008");
        string newest = Path.Combine(ckpts[1], "state.safetensors");
        byte[] bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(bytes.Length / 2)]);

        var q = new Problem(1);
        var warnings = new List<string>();
        var loop = new TrainingLoop(Options(1, o => { o.ResumeFrom = dir; }), q.Model, q.Optimizer, q.Scheduler, 8, "test");
        loop.Warning += warnings.Add;
        TrainingResult r = loop.Run(q.Step);
        r.ResumedFrom.Should().Be(ckpts[0]);
        q.Steps.Should().Be(2);
        warnings.Should().ContainSingle().Which.Should().Contain("ckpt-00000008");
    }

    [Fact]
    public void Run_WeightAveraging_EndsWithTheMovingAverageOfEveryStep()
    {
        // The same run twice: once averaging inside the loop, once by hand after each step, from the same start.
        const double decay = 0.9;
        var averaged = new Problem(2);
        var byHand = new Problem(2);
        float[] expected = byHand.Weights();
        long step = 0;
        new TrainingLoop(Options(2, o => o.CheckpointDirectory = null), byHand.Model, byHand.Optimizer, byHand.Scheduler, 8, "test").Run(ctx =>
        {
            // The loop steps the optimizer after this returns, so fold in the weights the previous step left.
            if (step > 0) Fold(expected, byHand.Weights(), step);
            step++;
            return byHand.Step(ctx);
        });
        Fold(expected, byHand.Weights(), step);
        float[] raw = byHand.Weights();

        new TrainingLoop(Options(2, o => { o.CheckpointDirectory = null; o.WeightAveraging = decay; }), averaged.Model, averaged.Optimizer, averaged.Scheduler, 8, "test")
            .Run(averaged.Step);
        float[] actual = averaged.Weights();
        actual.Should().HaveCount(expected.Length);
        for (int i = 0; i < actual.Length; i++) actual[i].Should().BeApproximately(expected[i], 1e-5f, $"weight {i}");
        actual.Should().NotEqual(raw, "the model ends with the average, not the last step's weights");

        static void Fold(float[] avg, float[] now, long t)
        {
            float d = (float)Math.Min(decay, (1.0 + t) / (10.0 + t));
            for (int i = 0; i < avg.Length; i++) avg[i] = avg[i] * d + now[i] * (1f - d);
        }
    }

    [Fact]
    public void Run_WeightAveragingWithValidation_ReportsAveragedAndRawMetrics()
    {
        var p = new Problem(3);
        TrainingResult r = new TrainingLoop(Options(3, o => o.WeightAveraging = 0.8), p.Model, p.Optimizer, p.Scheduler, 8, "test").Run(p.Step, p.Validate);
        r.History.Should().AllSatisfy(h => h.Validation.Keys.Should().BeEquivalentTo(["loss", "raw.loss"]));
        r.History.Should().Contain(h => h.Validation["loss"] != h.Validation["raw.loss"]);
    }

    [Fact]
    public void Run_WeightAveragingInterruptedAndResumed_EndsBitIdentical()
    {
        var straight = new Problem(3);
        new TrainingLoop(Options(3, o => o.WeightAveraging = 0.9), straight.Model, straight.Optimizer, straight.Scheduler, 8, "test").Run(straight.Step, straight.Validate);

        using var cts = new CancellationTokenSource();
        var first = new Problem(3);
        var opts = Options(3, o => { o.CheckpointDirectory = Path.Combine(dir, "avg"); o.WeightAveraging = 0.9; });
        opts.CancellationToken = cts.Token;
        var act = () => new TrainingLoop(opts, first.Model, first.Optimizer, first.Scheduler, 8, "test").Run(ctx =>
        {
            if (ctx.GlobalStep == 10) cts.Cancel();
            return first.Step(ctx);
        }, first.Validate);
        act.Should().Throw<OperationCanceledException>();

        var second = new Problem(3);
        var resume = Options(3, o => { o.CheckpointDirectory = Path.Combine(dir, "avg"); o.ResumeFrom = Path.Combine(dir, "avg"); o.WeightAveraging = 0.9; });
        new TrainingLoop(resume, second.Model, second.Optimizer, second.Scheduler, 8, "test").Run(second.Step, second.Validate);
        second.Weights().Should().Equal(straight.Weights());

        // A checkpoint without averages cannot continue a run that averages.
        var plain = new Problem(3);
        var plainOpts = Options(1, o => o.CheckpointDirectory = Path.Combine(dir, "plain"));
        new TrainingLoop(plainOpts, plain.Model, plain.Optimizer, plain.Scheduler, 8, "test").Run(plain.Step);
        var third = new Problem(3);
        var mismatched = Options(1, o => { o.CheckpointDirectory = Path.Combine(dir, "plain2"); o.ResumeFrom = Path.Combine(dir, "plain"); o.WeightAveraging = 0.9; });
        var resumeMismatch = () => new TrainingLoop(mismatched, third.Model, third.Optimizer, third.Scheduler, 8, "test").Run(third.Step);
        resumeMismatch.Should().Throw<InvalidOperationException>().WithMessage("*no averaged weights*");
    }

    [Fact]
    public void Run_KeepLastEpoch_ReportsTheLastEpochsMetric()
    {
        var p = new Problem(4);
        TrainingResult r = new TrainingLoop(Options(4, o => o.RestoreBestEpoch = false), p.Model, p.Optimizer, p.Scheduler, 8, "test").Run(p.Step, p.Validate);
        r.BestEpoch.Should().Be(4);
        r.BestMetric.Should().Be(r.History[^1].Validation["loss"]);
        p.Validate(0)["loss"].Should().Be(r.History[^1].Validation["loss"], "the model keeps the last epoch's weights");
    }

    [Fact]
    public void Run_EarlyStopping_RestoresBestEpoch()
    {
        var p = new Problem(10);
        int epochsSeen = 0;
        var opts = Options(10, o => { o.CheckpointDirectory = null; o.EarlyStoppingPatience = 2; });
        TrainingResult r = new TrainingLoop(opts, p.Model, p.Optimizer, p.Scheduler, 8, "test").Run(p.Step, e =>
        {
            epochsSeen++;
            // A metric that improves twice, then gets worse: best epoch 2, stop after epoch 4.
            return new Dictionary<string, double> { ["loss"] = new[] { 5.0, 4.0, 4.5, 4.6, 1.0 }[e] };
        });
        r.StoppedEarly.Should().BeTrue();
        epochsSeen.Should().Be(4);
        r.BestEpoch.Should().Be(2);
        r.BestMetric.Should().Be(4.0);
    }

    [Fact]
    public void Run_ReportsProgressWithThroughputAndEta()
    {
        var p = new Problem(1);
        var reports = new List<TrainingProgress>();
        var opts = Options(1, o => { o.CheckpointDirectory = null; o.Progress = new SyncProgress(reports.Add); });
        new TrainingLoop(opts, p.Model, p.Optimizer, p.Scheduler, 8, "test").Run(p.Step, p.Validate);
        reports.Where(r => r.Phase == "train").Select(r => r.Step).Should().Equal(1, 2, 3, 4, 5, 6, 7, 8);
        reports.Last().Phase.Should().Be("validate");
        reports.Last().Metrics.Should().ContainKey("loss");
        reports.First().ImagesPerSecond.Should().BePositive();
        reports.First().Eta.Should().NotBeNull();
    }

    [Fact]
    public void Resume_DifferentSeed_IsRejected()
    {
        var p = new Problem(1);
        new TrainingLoop(Options(1), p.Model, p.Optimizer, p.Scheduler, 8, "test").Run(p.Step);
        var q = new Problem(1);
        var act = () => new TrainingLoop(Options(1, o => { o.ResumeFrom = dir; o.Seed = 8; }), q.Model, q.Optimizer, q.Scheduler, 8, "test").Run(q.Step);
        act.Should().Throw<InvalidOperationException>().WithMessage("*seed 7*seed 8*");
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
