using System.Text.Json;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;

namespace Fer.Tensors.Tests.Optim;

// Expected values come from Optim/Reference/schedules.json, written by tools/make_schedule_reference.py
// with PyTorch 1.13's schedulers (entry i = learning rates after i scheduler steps).
public class ScheduleTests
{
    private static readonly JsonElement Cases = ReferenceFile.Load("schedules.json").GetProperty("cases");

    private static List<ParameterGroup> Groups(double[] lrs)
        => lrs.Select(lr => new ParameterGroup([Tensor.Zeros(2).WithGrad()], learningRate: lr)).ToList();

    private static void Replay(string name, Func<JsonElement, (Optimizer Opt, LearningRateScheduler Sched)> make,
        Func<ParameterGroup, double>? momentum = null, double rtol = 1e-12)
    {
        JsonElement c = Cases.GetProperty(name);
        var (opt, sched) = make(c);
        JsonElement[] lrs = c.GetProperty("lr").EnumerateArray().ToArray();
        JsonElement[]? moms = momentum is null ? null : c.GetProperty("momentum").EnumerateArray().ToArray();
        for (int i = 0; i < lrs.Length; i++)
        {
            if (i > 0)
            {
                opt.Step();
                sched.Step();
            }
            sched.LastEpoch.Should().Be(i);
            double[] expected = ReferenceFile.Doubles(lrs[i]).Select(v => Math.Max(0, v)).ToArray();
            double[] actual = opt.ParameterGroups.Select(g => g.LearningRate).ToArray();
            Fer.Testing.Close.Check(expected, actual, 1e-15, rtol, $"{name} lr at step {i}");
            if (moms is not null)
                Fer.Testing.Close.Check(ReferenceFile.Doubles(moms[i]), opt.ParameterGroups.Select(momentum!).ToArray(), 1e-15, rtol, $"{name} momentum at step {i}");
        }
    }

    [Fact]
    public void StepLR_MatchesPyTorch()
        => Replay("step_lr", c =>
        {
            var opt = new Sgd(Groups(ReferenceFile.Doubles(c.GetProperty("baseLr"))), learningRate: 1);
            return (opt, new StepLR(opt, c.GetProperty("stepSize").GetInt32(), c.GetProperty("gamma").GetDouble()));
        });

    [Fact]
    public void MultiStepLR_UnsortedAndRepeatedMilestones_MatchesPyTorch()
        => Replay("multi_step_lr", c =>
        {
            var opt = new Sgd(Groups(ReferenceFile.Doubles(c.GetProperty("baseLr"))), learningRate: 1);
            return (opt, new MultiStepLR(opt, ReferenceFile.Ints(c.GetProperty("milestones")), c.GetProperty("gamma").GetDouble()));
        });

    [Theory]
    [InlineData("cosine_warmup_from_zero")]
    [InlineData("cosine_warmup_sequential")]
    public void CosineAnnealingWithWarmup_MatchesPyTorchComposition(string name)
        => Replay(name, c =>
        {
            var opt = new Sgd(Groups(ReferenceFile.Doubles(c.GetProperty("baseLr"))), learningRate: 1);
            return (opt, new CosineAnnealingWithWarmup(opt, c.GetProperty("totalSteps").GetInt32(), c.GetProperty("warmupSteps").GetInt32(),
                c.GetProperty("minLr").GetDouble(), c.GetProperty("startFactor").GetDouble()));
        }, rtol: 1e-10); // SequentialLR steps recursively; the closed form differs by rounding only

    [Fact]
    public void OneCycleLR_CosineWithSgdMomentum_MatchesPyTorch()
        => Replay("one_cycle_cos_sgd", c =>
        {
            var opt = new Sgd(Groups([0.1, 0.1]), learningRate: 0.1, momentum: 0.9);
            return (opt, new OneCycleLR(opt, ReferenceFile.Doubles(c.GetProperty("maxLr")), c.GetProperty("totalSteps").GetInt32()));
        }, g => g.Momentum);

    [Fact]
    public void OneCycleLR_LinearWithAdamBeta1_MatchesPyTorchAndClampsTheOverrunAtZero()
        => Replay("one_cycle_linear_adam", c =>
        {
            var opt = new Adam(Groups([0.001]));
            return (opt, new OneCycleLR(opt, 0.01, c.GetProperty("totalSteps").GetInt32(), pctStart: 0.25, annealStrategy: AnnealStrategy.Linear,
                divFactor: 10, finalDivFactor: 100));
        }, g => g.Beta1);

    [Fact]
    public void OneCycleLR_ThreePhaseWithAdamW_MatchesPyTorch()
        => Replay("one_cycle_three_phase_adamw", c =>
        {
            var opt = new AdamW(Groups([0.001]));
            return (opt, new OneCycleLR(opt, 0.02, c.GetProperty("totalSteps").GetInt32(), threePhase: true, baseMomentum: 0.8, maxMomentum: 0.9));
        }, g => g.Beta1);

    [Fact]
    public void OneCycleLR_StepPastTotal_Throws()
    {
        var opt = new Sgd([Tensor.Zeros(2).WithGrad()], 0.1, momentum: 0.9);
        var sched = new OneCycleLR(opt, 1.0, totalSteps: 3);
        for (int i = 0; i < 3; i++) sched.Step();
        sched.LastEpoch.Should().Be(3);
        sched.Invoking(s => s.Step()).Should().Throw<InvalidOperationException>().WithMessage("*index 4*3 total steps*");
        sched.LastEpoch.Should().Be(3);
    }

    [Fact]
    public void StateDict_RestoredIntoFreshScheduler_ContinuesIdentically()
    {
        var optA = new Sgd([Tensor.Zeros(2).WithGrad()], 0.1, momentum: 0.9);
        var a = new OneCycleLR(optA, 1.0, totalSteps: 30);
        for (int i = 0; i < 11; i++) a.Step();
        LearningRateSchedulerState saved = a.StateDict();
        saved.StepCount.Should().Be(12);

        var optB = new Sgd([Tensor.Zeros(2).WithGrad()], 0.1, momentum: 0.9);
        var b = new OneCycleLR(optB, 1.0, totalSteps: 30);
        b.LoadStateDict(saved);
        optB.ParameterGroups[0].LearningRate.Should().Be(optA.ParameterGroups[0].LearningRate);
        for (int i = 0; i < 5; i++)
        {
            a.Step();
            b.Step();
            optB.ParameterGroups[0].LearningRate.Should().Be(optA.ParameterGroups[0].LearningRate);
            optB.ParameterGroups[0].Momentum.Should().Be(optA.ParameterGroups[0].Momentum);
        }
        b.LastEpoch.Should().Be(16);
    }

    [Fact]
    public void LoadStateDict_WrongGroupCountOrPastEnd_Throws()
    {
        var opt = new Sgd([Tensor.Zeros(2).WithGrad()], 0.1, momentum: 0.9);
        var s = new OneCycleLR(opt, 1.0, totalSteps: 10);
        s.Invoking(x => x.LoadStateDict(new LearningRateSchedulerState(2, 3, [0.1, 0.1]))).Should().Throw<ArgumentException>().WithMessage("*2 base learning rates*1 groups*");
        s.Invoking(x => x.LoadStateDict(new LearningRateSchedulerState(11, 12, [0.04]))).Should().Throw<ArgumentException>().WithMessage("*index 11*");
    }

    [Fact]
    public void SecondScheduler_UsesInitialLearningRateOfTheFirst()
    {
        var opt = new Sgd([Tensor.Zeros(2).WithGrad()], 0.1);
        var first = new StepLR(opt, 1, 0.5);
        first.Step();
        opt.ParameterGroups[0].LearningRate.Should().Be(0.05);
        var second = new StepLR(opt, 10, 0.5);
        second.BaseLearningRates.Should().Equal(0.1);
        opt.ParameterGroups[0].LearningRate.Should().Be(0.1);
    }

    [Fact]
    public void Constructors_BadArguments_Throw()
    {
        var opt = new Sgd([Tensor.Zeros(2).WithGrad()], 0.1);
        FluentActions.Invoking(() => new StepLR(opt, 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("stepSize");
        FluentActions.Invoking(() => new MultiStepLR(opt, [-1, 2])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("milestones");
        FluentActions.Invoking(() => new CosineAnnealingWithWarmup(opt, 10, 11)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("warmupSteps");
        FluentActions.Invoking(() => new OneCycleLR(opt, 1.0, 10, pctStart: 1.5)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("pctStart");
        FluentActions.Invoking(() => new OneCycleLR(opt, [1.0, 2.0], 10)).Should().Throw<ArgumentException>().WithMessage("*2 maximum learning rates*1 parameter groups*");
    }
}
