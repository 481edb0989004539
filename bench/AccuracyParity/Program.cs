using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fer.Tensors.Threading;
using Fer.Trainers.Augmentation;
using Fer.Trainers.Backbones;
using Fer.Trainers.Data;
using Fer.Trainers.Supervised;
using Fer.Transforms.Datasets;
using Fer.Transforms.Imaging;

// The FER+ VGG recipe of issue 6, the same as bench/scripts/ferplus_vgg_torch.py (see its docstring).
// Usage: AccuracyParity [--data DIR] [--epochs N] [--threads T] [--seed S]
string data = Path.Combine("..", "shared", "data", "ferplus");
int epochs = 12, threads = 2;
ulong seed = 1;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data": data = args[++i]; break;
        case "--epochs": epochs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
    }
}
Parallelism.ThreadCount = threads;

ImageTensorSet train = Load(Path.Combine(data, "FER2013Train"), training: true);
ImageTensorSet valid = Load(Path.Combine(data, "FER2013Valid"), training: false);
Console.Error.WriteLine($"train {train.Count} rows, valid {valid.Count} rows");
var options = new SupervisedTrainerOptions
{
    Backbone = BackboneKind.Vgg, BackboneWidth = 32, HeadDropout = 0.3f, UseProbabilityTargets = true,
    Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4,
    Schedule = ScheduleKind.OneCycle, BatchSize = 64, Epochs = epochs, Seed = seed,
    Augmentation = new AugmentationOptions { HorizontalFlip = 0.5, PadCrop = 4 },
    WeightAveraging = null, // the PyTorch recipe has no weight averaging
};
var clock = Stopwatch.StartNew();
options.Progress = new EpochPrinter(clock);
SupervisedModel model = SupervisedTrainer.Train(train, null, options);
double seconds = clock.Elapsed.TotalSeconds;
int[] predicted = model.Predict(valid.Batch(Enumerable.Range(0, valid.Count).ToArray())).Probabilities.ArgMaxRows();
double accuracy = predicted.Zip(valid.Labels!).Count(p => p.First == p.Second) / (double)valid.Count;
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["peer"] = "fermlnet", ["accuracy"] = accuracy, ["rows"] = valid.Count, ["train_rows"] = train.Count, ["seconds"] = seconds,
    ["images_per_second"] = epochs * train.Count / seconds,
}));

static ImageTensorSet Load(string folder, bool training)
{
    // Training: probability targets over the 8 emotions; rows whose unknown + not-a-face votes reach the top emotion's count dropped.
    // Validation: strict majority (top emotion's count more than half of all 10 vote columns).
    var mode = training ? FerPlusLabelMode.Probability : FerPlusLabelMode.StrictMajority;
    var rows = new FerPlusReader(folder, new FerPlusReaderOptions { Mode = mode }).ReadAll().Rows
        .Where(r => !training || (r.Votes![..8].Max() > 0 && r.Votes[8] + r.Votes[9] < r.Votes[..8].Max())).ToArray();
    var images = new float[rows.Length * 2304];
    var targets = new float[rows.Length * 8];
    var labels = new int[rows.Length];
    Parallel.For(0, rows.Length, i =>
    {
        Image img = Image.Load(rows[i].Image.Path!);
        if (img.Channels != 1) img = img.ToGrey();
        TensorLayout.ToChw(img, images.AsSpan(i * 2304, 2304), [0f], [1f]);
        float[] emo = rows[i].Votes![..8];
        float sum = emo.Sum();
        for (int k = 0; k < 8; k++) targets[i * 8 + k] = emo[k] / sum;
        labels[i] = training ? Array.IndexOf(emo, emo.Max()) : rows[i].LabelIndex;
    });
    return new ImageTensorSet(images, 1, 48, 48, labels, targets, 8, classNames: ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt"]);
}

internal sealed class EpochPrinter(Stopwatch clock) : IProgress<Fer.Trainers.Training.TrainingProgress>
{
    private int lastEpoch;

    public void Report(Fer.Trainers.Training.TrainingProgress value)
    {
        if (value.Step % 100 == 0 || value.Step == value.TotalSteps)
            Console.Error.WriteLine($"epoch {value.Epoch} step {value.Step}/{value.TotalSteps} loss {value.Loss:F4} {value.ImagesPerSecond:F0} img/s ({clock.Elapsed.TotalSeconds:F0} s)");
        lastEpoch = value.Epoch;
    }
}
