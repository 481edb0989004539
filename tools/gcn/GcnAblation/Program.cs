using System.Diagnostics;
using System.Globalization;
using Fer.Tensors;
using Fer.Tensors.Serialization;
using Fer.Tensors.Threading;
using Fer.Trainers.Augmentation;
using Fer.Trainers.Backbones;
using Fer.Trainers.Data;
using Fer.Trainers.GcnMultitask;
using Fer.Trainers.Supervised;
using Fer.Trainers.Training;

// The FER+ ablation of docs/trainers.md: GCN head versus two independent linear heads, trained on
// FER2013Train and reported on FER2013Valid (7 expressions, derived valence/arousal).
//   adjacency [--data DIR]                         the label graph of FER2013Train
//   features  [--data DIR] [--out FILE] [--epochs 8] [--width 16]
//                                                  train a supervised VGG on FER2013Train, save its features of both splits
//   heads     [--features FILE] [--epochs 30] [--seeds 5] [--lr 1e-3] [--p 0.5]
//                                                  both heads on the frozen features, several seeds each
//   end2end   [--data DIR] [--epochs 4] [--width 16] both heads end to end with a fresh VGG each
// Common: --threads 2 (engine threads), --seed 1.
var a = new Args(args);
Parallelism.ThreadCount = a.Int("threads", 2);
string data = a.Text("data", Path.Combine("..", "shared", "data", "ferplus"));
string featureFile = a.Text("features", a.Text("out", Path.Combine(Path.GetTempPath(), "gcn-ferplus-features.safetensors")));
var clock = Stopwatch.StartNew();
switch (a.Command)
{
    case "adjacency":
    {
        ImageTensorSet train = FerPlusAffect.Load(Path.Combine(data, "FER2013Train"));
        Console.WriteLine($"FER2013Train: {train.Count} rows");
        Console.WriteLine(GcnMultitaskTrainer.BuildGraph(train, new GcnMultitaskOptions()).FormatAdjacency());
        break;
    }
    case "features":
    {
        ImageTensorSet train = FerPlusAffect.Load(Path.Combine(data, "FER2013Train"));
        ImageTensorSet valid = FerPlusAffect.Load(Path.Combine(data, "FER2013Valid"));
        Console.WriteLine($"train {train.Count} rows, valid {valid.Count} rows (loaded in {clock.Elapsed.TotalSeconds:F0} s)");
        var options = new SupervisedTrainerOptions
        {
            Backbone = BackboneKind.Vgg, BackboneWidth = a.Int("width", 16), Epochs = a.Int("epochs", 8), BatchSize = 64, Seed = (ulong)a.Int("seed", 1),
            UseProbabilityTargets = true, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Schedule = ScheduleKind.OneCycle,
            Augmentation = new AugmentationOptions { HorizontalFlip = 0.5, PadCrop = 4 }, Progress = new EpochPrinter(clock),
        };
        SupervisedModel model = SupervisedTrainer.Train(train, null, options);
        var (trainProbs, trainFeatures) = model.Predict(train.Batch(All(train.Count)));
        var (validProbs, validFeatures) = model.Predict(valid.Batch(All(valid.Count)));
        double trainAcc = Accuracy(trainProbs, train.Labels!), validAcc = Accuracy(validProbs, valid.Labels!);
        Console.WriteLine($"supervised VGG-{options.BackboneWidth}, {options.Epochs} epochs: accuracy train {trainAcc:F4}, valid {validAcc:F4} ({clock.Elapsed.TotalMinutes:F1} min)");
        var tensors = new Dictionary<string, Tensor>
        {
            ["train_features"] = trainFeatures, ["train_labels"] = LabelsOf(train), ["train_valence"] = Tensor.FromArray(train.Valence!), ["train_arousal"] = Tensor.FromArray(train.Arousal!),
            ["valid_features"] = validFeatures, ["valid_labels"] = LabelsOf(valid), ["valid_valence"] = Tensor.FromArray(valid.Valence!), ["valid_arousal"] = Tensor.FromArray(valid.Arousal!),
        };
        SafeTensorsFile.Write(featureFile, tensors, new Dictionary<string, string>
        {
            ["backbone"] = $"VGG width {options.BackboneWidth}, {options.Epochs} epochs, seed {options.Seed}",
            ["valid_accuracy"] = validAcc.ToString("F4", CultureInfo.InvariantCulture),
            ["minutes"] = clock.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture),
        });
        Console.WriteLine($"features written to {featureFile}");
        break;
    }
    case "heads":
    {
        SafeTensorsContent f = SafeTensorsFile.Read(featureFile);
        ImageTensorSet train = FeatureSet(f, "train"), valid = FeatureSet(f, "valid");
        Console.WriteLine($"features of {f.Metadata.GetValueOrDefault("backbone")}, its own classifier's valid accuracy {f.Metadata.GetValueOrDefault("valid_accuracy")}; train {train.Count} x {train.Channels}, valid {valid.Count}");
        int seeds = a.Int("seeds", 5);
        var results = new Dictionary<MultitaskHeadKind, List<IReadOnlyDictionary<string, double>>>();
        foreach (MultitaskHeadKind head in new[] { MultitaskHeadKind.Independent, MultitaskHeadKind.Gcn })
        {
            results[head] = [];
            for (int s = 1; s <= seeds; s++)
            {
                var options = new GcnMultitaskOptions
                {
                    Head = head, Epochs = a.Int("epochs", 30), BatchSize = 64, LearningRate = a.Double("lr", 1e-3), Seed = (ulong)s,
                    AdjacencyReweight = a.Double("p", 0.5),
                };
                var run = Stopwatch.StartNew();
                GcnMultitaskModel model = GcnMultitaskTrainer.Train(train, null, options);
                var m = GcnMultitaskTrainer.Evaluate(model, valid);
                results[head].Add(m);
                Console.WriteLine($"{head,-11} seed {s}: {Line(m)} ({run.Elapsed.TotalSeconds:F0} s)");
            }
        }
        Console.WriteLine();
        Console.WriteLine(Table(results));
        break;
    }
    case "end2end":
    {
        ImageTensorSet train = FerPlusAffect.Load(Path.Combine(data, "FER2013Train"));
        ImageTensorSet valid = FerPlusAffect.Load(Path.Combine(data, "FER2013Valid"));
        var results = new Dictionary<MultitaskHeadKind, List<IReadOnlyDictionary<string, double>>>();
        foreach (MultitaskHeadKind head in new[] { MultitaskHeadKind.Independent, MultitaskHeadKind.Gcn })
        {
            var options = new GcnMultitaskOptions
            {
                Head = head, Backbone = BackboneKind.Vgg, BackboneWidth = a.Int("width", 16), Epochs = a.Int("epochs", 4), BatchSize = 64,
                Seed = (ulong)a.Int("seed", 1), Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Schedule = ScheduleKind.OneCycle,
                Augmentation = new AugmentationOptions { HorizontalFlip = 0.5, PadCrop = 4 }, Progress = new EpochPrinter(clock),
            };
            var run = Stopwatch.StartNew();
            GcnMultitaskModel model = GcnMultitaskTrainer.Train(train, null, options);
            var m = GcnMultitaskTrainer.Evaluate(model, valid);
            results[head] = [m];
            Console.WriteLine($"{head,-11} end to end: {Line(m)} ({run.Elapsed.TotalMinutes:F1} min)");
        }
        Console.WriteLine();
        Console.WriteLine(Table(results));
        break;
    }
    default:
        Console.Error.WriteLine("Usage: GcnAblation adjacency|features|heads|end2end [options]; see the comment at the top of Program.cs.");
        return 2;
}
Console.WriteLine($"wall time {clock.Elapsed.TotalMinutes:F1} min");
return 0;

static int[] All(int n) => [.. Enumerable.Range(0, n)];

static double Accuracy(Tensor probabilities, int[] labels) => probabilities.ArgMaxRows().Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;

static Tensor LabelsOf(ImageTensorSet set)
{
    float[] labels = [.. set.Labels!.Select(l => (float)l)];
    return Tensor.FromArray(labels);
}

static ImageTensorSet FeatureSet(SafeTensorsContent f, string split)
{
    Tensor x = f.Tensors[$"{split}_features"];
    int[] labels = [.. f.Tensors[$"{split}_labels"].ToArray().Select(v => (int)v)];
    return new ImageTensorSet(x.ToArray(), x.Size(1), 1, 1, labels, valence: f.Tensors[$"{split}_valence"].ToArray(), arousal: f.Tensors[$"{split}_arousal"].ToArray(), classNames: FerPlusAffect.Classes);
}

static string Line(IReadOnlyDictionary<string, double> m) => string.Create(CultureInfo.InvariantCulture,
    $"accuracy {m["accuracy"]:F4}, macro-F1 {m["macro_f1"]:F4}, CCC V {m["ccc_valence"]:F4} A {m["ccc_arousal"]:F4}, RMSE V {m["rmse_valence"]:F4} A {m["rmse_arousal"]:F4}");

static string Table(Dictionary<MultitaskHeadKind, List<IReadOnlyDictionary<string, double>>> results)
{
    string[] keys = ["accuracy", "macro_f1", "ccc_valence", "ccc_arousal", "rmse_valence", "rmse_arousal"];
    var sb = new System.Text.StringBuilder();
    sb.AppendLine("| head | runs | " + string.Join(" | ", keys) + " |");
    sb.AppendLine("| --- | --- | " + string.Join(" | ", keys.Select(_ => "---")) + " |");
    foreach (var (head, runs) in results)
    {
        sb.Append(CultureInfo.InvariantCulture, $"| {head} | {runs.Count} |");
        foreach (string k in keys)
        {
            double[] v = [.. runs.Select(r => r[k])];
            double mean = v.Average(), sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
            sb.Append(v.Length > 1 ? string.Create(CultureInfo.InvariantCulture, $" {mean:F4} ± {sd:F4} |") : string.Create(CultureInfo.InvariantCulture, $" {mean:F4} |"));
        }
        sb.AppendLine();
    }
    return sb.ToString();
}

internal sealed class EpochPrinter(Stopwatch clock) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Step % 200 == 0 || value.Step == value.TotalSteps)
            Console.Error.WriteLine($"epoch {value.Epoch}/{value.Epochs} step {value.Step}/{value.TotalSteps} loss {value.Loss:F4} {value.ImagesPerSecond:F0} img/s ({clock.Elapsed.TotalSeconds:F0} s)");
    }
}

internal sealed class Args
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public Args(string[] args)
    {
        Command = args.Length > 0 ? args[0] : "";
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected '--name value' pairs after the command; got '{args[i]}'.");
            values[args[i][2..]] = args[++i];
        }
    }

    public string Command { get; }

    public string Text(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => values.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => values.TryGetValue(name, out string? v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
