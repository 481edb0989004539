using Fer.Tensors.Memory;
using System.Diagnostics;
using Fer.Tensors;
using Fer.Tensors.Autograd;
using Fer.Tensors.Nn;
using Fer.Tensors.Optim;
using Fer.Tensors.Optim.Schedules;
using Fer.Tensors.Random;

namespace Fer.Trainers.Training;

/// <summary>
/// The epoch/step loop every trainer uses: runs the trainer's step for each batch, checks the loss
/// before the optimizer moves (a NaN stops training with the weights intact), clips gradients,
/// steps the optimizer and the per-step schedule, reports progress, validates after each epoch with
/// early stopping and best-epoch restore, writes checkpoints and resumes from them. Every random
/// stream a step needs comes from (seed, epoch, batch), so a resumed run ends exactly where an
/// uninterrupted one does.
/// </summary>
public sealed class TrainingLoop
{
    private readonly TrainingOptions options;
    private readonly Module model;
    private readonly Optimizer optimizer;
    private readonly LearningRateScheduler? scheduler;
    private readonly int stepsPerEpoch;
    private readonly string trainer;

    /// <summary>Creates a loop for <paramref name="stepsPerEpoch"/> batches per epoch.</summary>
    /// <param name="trainer">The trainer's kind, stored in checkpoints and checked on resume.</param>
    public TrainingLoop(TrainingOptions options, Module model, Optimizer optimizer, LearningRateScheduler? scheduler, int stepsPerEpoch, string trainer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepsPerEpoch);
        options.Validate();
        this.options = options;
        this.model = model;
        this.optimizer = optimizer;
        this.scheduler = scheduler;
        this.stepsPerEpoch = stepsPerEpoch;
        this.trainer = trainer;
    }

    /// <summary>Receives warnings (e.g. a corrupt checkpoint skipped on resume).</summary>
    public event Action<string>? Warning;

    /// <summary>The order of <paramref name="count"/> examples in <paramref name="epoch"/>, fixed by the seed.</summary>
    public static int[] EpochOrder(ulong seed, int epoch, int count) => new Generator(Mix(seed, (ulong)epoch, 0xDA7AUL)).Permutation(count);

    /// <summary>Runs training. <paramref name="trainStep"/> computes the batch loss and calls Backward; the loop does the rest.</summary>
    /// <param name="trainStep">One step on batch <see cref="StepContext.BatchIndex"/> of <see cref="StepContext.Epoch"/>.</param>
    /// <param name="validate">Metrics on the validation set (evaluation mode is set by the loop), or null.</param>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (after writing a checkpoint when a checkpoint directory is set).</exception>
    public TrainingResult Run(Func<StepContext, StepResult> trainStep, Func<int, IReadOnlyDictionary<string, double>>? validate = null)
    {
        ArgumentNullException.ThrowIfNull(trainStep);
        var history = new List<EpochRecord>();
        int startEpoch = 0, startBatch = 0, bestEpoch = 0, badEpochs = 0;
        long globalStep = 0, epochExamples = 0;
        double epochLossSum = 0;
        double? bestMetric = null;
        IReadOnlyDictionary<string, Tensor>? best = null;
        WeightAverage? average = options.WeightAveraging is double decay ? new WeightAverage(model, decay) : null;
        string? resumedFrom = null;

        if (options.ResumeFrom is not null)
        {
            var (path, state, savedBest, savedAverage) = CheckpointStore.Load(options.ResumeFrom, model, optimizer, scheduler, w => Warning?.Invoke(w));
            if (state.Trainer != trainer || state.StepsPerEpoch != stepsPerEpoch || state.Seed != options.Seed)
                throw new InvalidOperationException(
                    $"Checkpoint {path} was written by trainer '{state.Trainer}' with seed {state.Seed} and {state.StepsPerEpoch} steps per epoch; this run is '{trainer}', seed {options.Seed}, {stepsPerEpoch} steps per epoch. Resume needs the same data, batch size and seed.");
            resumedFrom = path;
            (startEpoch, startBatch, globalStep, epochLossSum, epochExamples) = (state.Epoch, state.NextBatch, state.GlobalStep, state.EpochLossSum, state.EpochExamples);
            (bestEpoch, bestMetric, badEpochs, best) = (state.BestEpoch, state.BestMetric, state.BadEpochs, savedBest);
            history.AddRange(state.History);
            if (average is not null)
            {
                if (savedAverage is null) throw new InvalidOperationException($"Checkpoint {path} holds no averaged weights, but this run averages them (WeightAveraging); resume with the same options.");
                average.Restore(savedAverage);
            }
        }

        long totalSteps = (long)options.Epochs * stepsPerEpoch;
        var clock = Stopwatch.StartNew();
        long stepsThisRun = 0;
        bool stoppedEarly = false;
        for (int epoch = startEpoch; epoch < options.Epochs && !stoppedEarly; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            long examplesThisEpochRun = 0;
            for (int batch = epoch == startEpoch ? startBatch : 0; batch < stepsPerEpoch; batch++)
            {
                if (options.CancellationToken.IsCancellationRequested)
                {
                    if (options.CheckpointDirectory is not null)
                        Save(new CheckpointState(trainer, options.Seed, stepsPerEpoch, epoch, batch, globalStep, epochLossSum, epochExamples, bestEpoch, bestMetric, badEpochs, history), best, average);
                    options.CancellationToken.ThrowIfCancellationRequested();
                }
                model.Train();
                var ctx = new StepContext(epoch, batch, globalStep, new Generator(Mix(options.Seed, (ulong)epoch, (ulong)batch)));
                StepResult result;
                // The step's temporaries (activations, their gradients, im2col buffers) come from a pool and go
                // back to it when the step ends, so steady training allocates almost nothing (see TensorScope).
                using (TensorScope.Begin())
                {
                    result = trainStep(ctx);
                    if (!double.IsFinite(result.Loss))
                    {
                        optimizer.ZeroGrad();
                        throw new TrainingDivergedException(
                            $"The training loss became {result.Loss} at epoch {epoch + 1}, batch {batch + 1} (step {globalStep + 1}); the weights were not updated. Lower the learning rate or check the inputs for NaN.");
                    }
                    if (options.GradientClipNorm is float maxNorm) GradientClipping.ClipGradNorm(model.TrainableParameters(), maxNorm);
                    optimizer.Step();
                    scheduler?.Step();
                    optimizer.ZeroGrad();
                }

                globalStep++;
                average?.Update(globalStep);
                stepsThisRun++;
                epochLossSum += result.Loss * result.Examples;
                epochExamples += result.Examples;
                examplesThisEpochRun += result.Examples;

                double seconds = Math.Max(epochClock.Elapsed.TotalSeconds, 1e-9);
                TimeSpan eta = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / stepsThisRun * (totalSteps - globalStep));
                options.Progress?.Report(new TrainingProgress("train", epoch + 1, options.Epochs, globalStep, totalSteps, epochLossSum / Math.Max(epochExamples, 1),
                    new Dictionary<string, double>(), examplesThisEpochRun / seconds, clock.Elapsed, eta));

                bool epochEnds = batch == stepsPerEpoch - 1;
                if (!epochEnds && options.CheckpointDirectory is not null && options.CheckpointEverySteps > 0 && globalStep % options.CheckpointEverySteps == 0)
                    Save(new CheckpointState(trainer, options.Seed, stepsPerEpoch, epoch, batch + 1, globalStep, epochLossSum, epochExamples, bestEpoch, bestMetric, badEpochs, history), best, average);
            }

            IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();
            if (validate is not null)
            {
                model.Eval();
                // With averaging, the averaged weights are validated (and become the best epoch's); the
                // last step's weights are validated too, reported as "raw.*", to show what averaging adds.
                IReadOnlyDictionary<string, Tensor>? trained = average?.SwapIn();
                try
                {
                    using (GradMode.NoGrad()) metrics = validate(epoch);
                }
                finally
                {
                    if (trained is not null) model.LoadStateDict(trained);
                }
                if (trained is not null)
                {
                    IReadOnlyDictionary<string, double> raw;
                    using (GradMode.NoGrad()) raw = validate(epoch);
                    var both = new Dictionary<string, double>(metrics, StringComparer.Ordinal);
                    foreach (var (key, rawValue) in raw) both["raw." + key] = rawValue;
                    metrics = both;
                }
                if (!metrics.TryGetValue(options.MonitorMetric, out double value))
                    throw new InvalidOperationException($"Validation returned no '{options.MonitorMetric}' metric (it returned {string.Join(", ", metrics.Keys)}).");
                bool better = bestMetric is null || (options.MonitorHigherIsBetter ? value > bestMetric : value < bestMetric);
                if (better)
                {
                    bestMetric = value;
                    bestEpoch = epoch + 1;
                    badEpochs = 0;
                    best = average is not null ? average.Copy() : Snapshot(model);
                }
                else
                {
                    badEpochs++;
                    stoppedEarly = options.EarlyStoppingPatience > 0 && badEpochs >= options.EarlyStoppingPatience;
                }
                options.Progress?.Report(new TrainingProgress("validate", epoch + 1, options.Epochs, globalStep, totalSteps, epochLossSum / Math.Max(epochExamples, 1),
                    metrics, 0, clock.Elapsed, null));
            }
            else
            {
                bestEpoch = epoch + 1;
            }
            history.Add(new EpochRecord(epoch + 1, epochLossSum / Math.Max(epochExamples, 1), metrics, epochClock.Elapsed.TotalSeconds));
            epochLossSum = 0;
            epochExamples = 0;
            if (options.CheckpointDirectory is not null)
                Save(new CheckpointState(trainer, options.Seed, stepsPerEpoch, epoch + 1, 0, globalStep, 0, 0, bestEpoch, bestMetric, badEpochs, history), best, average);
        }

        if (validate is not null && options.RestoreBestEpoch && best is not null) model.LoadStateDict(best);
        else
        {
            // The model is the last epoch's: report its epoch and metric, not the best seen.
            if (validate is not null && history.Count > 0)
            {
                bestEpoch = history.Count;
                bestMetric = history[^1].Validation.TryGetValue(options.MonitorMetric, out double last) ? last : bestMetric;
            }
            average?.SwapIn();
        }
        model.Eval();
        return new TrainingResult(history, bestEpoch, bestMetric, stoppedEarly, resumedFrom);
    }

    private void Save(CheckpointState state, IReadOnlyDictionary<string, Tensor>? best, WeightAverage? average)
        => CheckpointStore.Save(options.CheckpointDirectory!, options.KeepCheckpoints, model, best, average?.Values, optimizer, scheduler, state);

    internal static Dictionary<string, Tensor> Snapshot(Module model)
        => model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone().Detach(), StringComparer.Ordinal);

    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        ulong h = a * 0x9E3779B97F4A7C15UL;
        h ^= (b + 0x632BE59BD9B4E019UL) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 29)) * 0x94D049BB133111EBUL;
        h ^= (c + 0x8CB92BA72F3D8DD7UL) * 0xD6E8FEB86659FD93UL;
        return h ^ (h >> 32);
    }
}
