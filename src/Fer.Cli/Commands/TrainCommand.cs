using System.CommandLine;
using System.Globalization;
using Fer.Cli.Data;
using Fer.Cli.Evaluation;
using Fer.Cli.Infrastructure;
using Fer.Cli.Training;
using Fer.MLNet;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.Tensors.Kernels;
using Fer.Trainers.Backbones;
using Fer.Trainers.Supervised;
using Fer.Trainers.Training;
using Spectre.Console;

namespace Fer.Cli.Commands;

/// <summary><c>fer train TRAINER --data KIND:PATH --out model.zip</c>: fits a pipeline with a progress bar, checkpoints and resume, and saves the model zip.</summary>
internal static class TrainCommand
{
    /// <summary>The trainers by name.</summary>
    internal static IReadOnlyList<ITrainerRecipe> Recipes { get; } = [new SupervisedRecipe(), new FeatureExtractorRecipe(), new GcnMultitaskRecipe()];

    private static readonly Dictionary<string, BackboneKind> Backbones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["vgg"] = BackboneKind.Vgg, ["resnet18"] = BackboneKind.ResNet18, ["mobilefacenet"] = BackboneKind.MobileFaceNet,
    };

    private static readonly Dictionary<string, OptimizerKind> Optimizers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sgd"] = OptimizerKind.Sgd, ["adamw"] = OptimizerKind.AdamW,
    };

    public static Command Create(CliContext context)
    {
        var trainer = new Argument<string>("trainer") { HelpName = "trainer", Description = "Which trainer: " + string.Join("; ", Recipes.Select(r => $"{r.Name} ({r.Description})")) + "." };
        trainer.AcceptOnlyFromAmong([.. Recipes.Select(r => r.Name)]);
        var data = new Option<string>("--data", "-d") { Description = "Training data, KIND:PATH (e.g. ferplus:../shared/data/ferplus/FER2013Train).", Required = true };
        var valid = new Option<string?>("--valid") { Description = "Validation data, KIND:PATH: metrics after each epoch, best-epoch restore, final metrics." };
        var output = new Option<string>("--out", "-o") { Description = "The model zip to write.", Required = true };
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the training data (default: the trainer's, 12 for supervised)." };
        var seed = new Option<int>("--seed") { Description = "Seeds initialisation, data order, augmentation and dropout.", DefaultValueFactory = _ => 1 };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint folder, or the newest valid checkpoint in a checkpoint directory. Same data, batch size and seed as the interrupted run." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Images per optimizer step (default 64)." };
        var lr = new Option<double?>("--lr") { Description = "Peak learning rate (default 0.05 with SGD)." };
        var backbone = new Option<string?>("--backbone") { Description = "vgg (default), resnet18 or mobilefacenet." };
        backbone.AcceptOnlyFromAmong([.. Backbones.Keys]);
        var width = new Option<int>("--width") { Description = "Backbone width: VGG first-block channels, ResNet base width, MobileFaceNet width x 64 (0 = the backbone's default)." };
        var ensemble = new Option<int>("--ensemble") { Description = "supervised: train this many networks side by side (own initialisation, augmentation and dropout) and score with the mean of their probabilities; training time grows with it.", DefaultValueFactory = _ => 1 };
        var imageSize = new Option<int>("--image-size") { Description = "Side of the square grey input in pixels.", DefaultValueFactory = _ => 48 };
        var optimizer = new Option<string?>("--optimizer") { Description = "sgd (default, Nesterov, one-cycle) or adamw." };
        optimizer.AcceptOnlyFromAmong([.. Optimizers.Keys]);
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off the flip and pad-crop augmentation." };
        var patience = new Option<int>("--patience") { Description = "Stop after this many epochs without a better validation accuracy (0 = never)." };
        var keepLast = new Option<bool>("--keep-last") { Description = "With --valid: keep the last epoch's weights instead of restoring the best epoch's (validation then only reports)." };
        var averageWeights = new Option<double?>("--average-weights") { Description = "Decay per step of the moving average of the weights that becomes the model, e.g. 0.998; 0 turns it off (default: the trainer's: 0.998 for supervised, off for the others)." };
        var checkpointDir = new Option<string?>("--checkpoint-dir") { Description = "Where checkpoints go (kept). Default: MODEL.checkpoints beside the model, removed after a successful run." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Also write a checkpoint every N steps (0 = at the end of each epoch only)." };
        var limit = new Option<int?>("--limit") { Description = "Train on the first N rows of --data only." };
        var validLimit = new Option<int?>("--valid-limit") { Description = "Validate on the first N rows of --valid only." };
        var ferPlusMode = new Option<string>("--ferplus-mode") { Description = "How FER+ votes become labels.", DefaultValueFactory = _ => "majority" };
        var aux = new Option<string[]>("--aux") { Description = "feature-extractor: another dataset, KIND:PATH, trained with its own head (repeat for more).", AllowMultipleArgumentsPerToken = false };
        ferPlusMode.AcceptOnlyFromAmong([.. DatasetLoader.FerPlusModes.Keys]);

        var command = new Command("train", "Train a model on a dataset and save it as a model zip. Ctrl-C stops after writing a checkpoint; --resume continues it.")
        {
            trainer, data, valid, output, epochs, seed, resume, batchSize, lr, backbone, width, ensemble, imageSize, optimizer, noAugment, patience,
            keepLast, averageWeights, checkpointDir, checkpointEvery, limit, validLimit, ferPlusMode, aux,
        };
        command.SetAction(p => Execute(context, new TrainSettings
        {
            Trainer = p.GetValue(trainer)!,
            Data = p.GetValue(data)!,
            Valid = p.GetValue(valid),
            Out = p.GetValue(output)!,
            Epochs = p.GetValue(epochs),
            Seed = p.GetValue(seed),
            Resume = p.GetValue(resume),
            BatchSize = p.GetValue(batchSize),
            LearningRate = p.GetValue(lr),
            Backbone = p.GetValue(backbone) is { } bb ? Backbones[bb] : null,
            Width = p.GetValue(width),
            Ensemble = p.GetValue(ensemble),
            ImageSize = p.GetValue(imageSize),
            Optimizer = p.GetValue(optimizer) is { } opt ? Optimizers[opt] : null,
            Augment = !p.GetValue(noAugment),
            Patience = p.GetValue(patience),
            KeepLast = p.GetValue(keepLast),
            AverageWeights = p.GetValue(averageWeights),
            CheckpointDirectory = p.GetValue(checkpointDir),
            CheckpointEvery = p.GetValue(checkpointEvery),
            Limit = p.GetValue(limit),
            ValidLimit = p.GetValue(validLimit),
            FerPlusMode = DatasetLoader.FerPlusModes[p.GetValue(ferPlusMode)!],
            Auxiliary = p.GetValue(aux) ?? [],
        }));
        return command;
    }

    internal static int Execute(CliContext context, TrainSettings s)
    {
        CliConsole console = context.Console;
        Check(s);
        s = s with { Verbose = console.Verbose };
        if (s.Ensemble != 1 && s.Trainer != "supervised") throw new CliException($"--ensemble is for supervised; {s.Trainer} trains one network.");
        if (s.Auxiliary.Count > 0 && s.Trainer != "feature-extractor") throw new CliException($"--aux is for feature-extractor; {s.Trainer} trains on --data alone.");
        ITrainerRecipe recipe = Recipes.Single(r => r.Name == s.Trainer);
        var fer = new FerContext(s.Seed);
        if (console.Verbose) fer.Log += (_, e) => console.Debug($"[{e.Source}] {e.Message}");

        InMemoryDataView trainRows = DatasetLoader.Load(fer, s.Data, s.FerPlusMode, s.Limit, "--data");
        IReadOnlyList<string> classes = DatasetLoader.ClassNames(trainRows, s.Data);
        IDataView train = recipe.Prepare(fer, trainRows, "--data");
        IDataView? valid = null;
        if (s.Valid is not null)
        {
            InMemoryDataView validRows = DatasetLoader.Load(fer, s.Valid, s.FerPlusMode, s.ValidLimit, "--valid");
            var aligned = LabelAlignment.Align(validRows, classes);
            if (aligned.ExcludedCount > 0)
                console.Warn($"--valid: left out {aligned.ExcludedCount} rows whose class the training data lacks ({Describe(aligned.Excluded)}).");
            valid = recipe.Prepare(fer, aligned.Data, "--valid");
        }
        console.Line($"training {recipe.Name} on {train.GetRowCount()} images ({string.Join(", ", classes)})"
            + (valid is null ? "" : $", validating on {valid.GetRowCount()}") + $"; seed {s.Seed}, {Fer.Tensors.Threading.Parallelism.ThreadCount} threads, {GemmDescription()}");

        string checkpoints = s.EffectiveCheckpointDirectory;
        var display = new TrainingProgressDisplay(console);
        EstimatorChain<ITransformer> pipeline = recipe.Build(fer, trainRows.Schema, s, o =>
        {
            if (s.Epochs is int e) o.Epochs = e;
            if (s.BatchSize is int b) o.BatchSize = b;
            o.Seed = (ulong)s.Seed;
            o.Progress = display;
            o.CancellationToken = context.Cancellation;
            o.CheckpointDirectory = checkpoints;
            o.CheckpointEverySteps = s.CheckpointEvery;
            o.ResumeFrom = s.Resume;
            o.EarlyStoppingPatience = s.Patience;
            o.RestoreBestEpoch = !s.KeepLast;
            if (s.AverageWeights is double d) o.WeightAveraging = d == 0 ? null : d;
        });

        TransformerChain<ITransformer> model;
        try
        {
            model = display.Run(() => pipeline.Fit(train, valid));
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            console.Warn($"training interrupted; the last checkpoint is in {checkpoints}. Continue with the same command plus --resume \"{checkpoints}\".");
            return FerCli.Cancelled;
        }

        fer.Model.Save(model, trainRows.Schema, s.Out);
        TrainingResult? result = recipe.Result(model);
        if (result is not null) PrintHistory(console, result, s.KeepLast);
        console.Line($"saved {s.Out} ({new FileInfo(s.Out).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)");

        if (valid is not null)
        {
            console.Line($"final model on --valid ({s.Valid}):");
            IDataView scored = model.Transform(valid);
            if (scored.Schema.GetColumnOrNull("Score") is not null) MetricsOutput.Print(console, fer.Evaluate.Multiclass(scored));
            recipe.PrintExtraMetrics(fer, console, scored);
        }
        if (s.CheckpointDirectory is null && Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
        return FerCli.Success;
    }

    private static void Check(TrainSettings s)
    {
        if (s.Epochs is < 1) throw new CliException($"--epochs must be at least 1, got {s.Epochs}.");
        if (s.BatchSize is < 1) throw new CliException($"--batch-size must be at least 1, got {s.BatchSize}.");
        if (s.LearningRate is double lr && !(lr > 0 && double.IsFinite(lr))) throw new CliException($"--lr must be a positive number, got {lr}.");
        if (s.Width < 0) throw new CliException($"--width must not be negative, got {s.Width}.");
        if (s.Ensemble is < 1 or > 16) throw new CliException($"--ensemble must be between 1 and 16, got {s.Ensemble}.");
        if (s.ImageSize is < 32 or > 512) throw new CliException($"--image-size must be between 32 and 512, got {s.ImageSize}.");
        if (s.Patience < 0) throw new CliException($"--patience must not be negative, got {s.Patience}.");
        if (s.AverageWeights is double d && !(d == 0 || (d > 0 && d < 1))) throw new CliException($"--average-weights must be 0 (off) or a decay between 0 and 1, e.g. 0.998; got {d}.");
        if (s.KeepLast && s.Valid is null) throw new CliException("--keep-last needs --valid (without validation the last epoch's weights are kept anyway).");
        if (s.CheckpointEvery < 0) throw new CliException($"--checkpoint-every must not be negative, got {s.CheckpointEvery}.");
        if (s.Seed < 0) throw new CliException($"--seed must not be negative, got {s.Seed}.");
        if (Directory.Exists(s.Out)) throw new CliException($"--out '{s.Out}' is a folder; give the model zip's file name (e.g. {Path.Combine(s.Out, "model.zip")}).");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(s.Out));
        if (folder is not null && !Directory.Exists(folder)) Directory.CreateDirectory(folder);
        string checkpoints = s.EffectiveCheckpointDirectory;
        if (s.Resume is null && Directory.Exists(checkpoints) && Directory.EnumerateDirectories(checkpoints, "ckpt-*").Any())
            throw new CliException($"'{checkpoints}' holds checkpoints of an earlier run: continue it with --resume \"{checkpoints}\", or delete the folder (or pick another --checkpoint-dir) to start afresh.");
        if (s.Resume is not null && !Directory.Exists(s.Resume))
            throw new CliException($"--resume '{s.Resume}' does not exist (give a checkpoint folder ckpt-NNNNNNNN or the checkpoint directory holding them).");
    }

    private static void PrintHistory(CliConsole console, TrainingResult result, bool keepLast)
    {
        var table = new Table().Border(TableBorder.Simple).Title("training history");
        string[] metricNames = [.. result.History.SelectMany(h => h.Validation.Keys).Distinct()];
        table.AddColumns(["epoch", "train loss", .. metricNames.Select(m => "valid " + m), "seconds"]);
        foreach (EpochRecord h in result.History)
        {
            table.AddRow([h.Epoch.ToString(CultureInfo.InvariantCulture), MetricsOutput.F(h.TrainLoss),
                .. metricNames.Select(m => h.Validation.TryGetValue(m, out double v) ? MetricsOutput.F(v) : "-"),
                h.Seconds.ToString("F1", CultureInfo.InvariantCulture)]);
        }
        console.Out.Write(table);
        string best = result.BestMetric is double b ? $"{(keepLast ? "kept the last" : "best")} epoch {result.BestEpoch} (validation {MetricsOutput.F(b)})" : $"{result.History.Count} epochs";
        console.Line(best + (result.StoppedEarly ? ", stopped early" : "") + (result.ResumedFrom is { } r ? $", resumed from {r}" : ""));
    }

    // Which matrix multiply runs decides the bits of a run, so the header names it beside seed and threads.
    private static string GemmDescription() => Gemm.UseNativeBlas && Gemm.NativeBlasAvailable
        ? $"native BLAS {Gemm.NativeBlasLibrary}"
        : $"managed GEMM {Gemm.ManagedKernel}";

    internal static string Describe(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.Select(kv => $"{kv.Value} {kv.Key}"));
}
