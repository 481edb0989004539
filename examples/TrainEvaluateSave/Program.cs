// Example 2: build a pipeline, train an expression classifier on FER+, evaluate it, save it as a model zip.
//
//   dotnet run --project examples/TrainEvaluateSave -c Release -- [FERPLUS_FOLDER] [MODEL.zip] [TRAIN_IMAGES] [EPOCHS]
//
// FERPLUS_FOLDER holds FER2013Train and FER2013Valid (default ../shared/data/ferplus). The defaults
// (1,500 training images, 4 epochs, a narrow VGG) take a few minutes on two cores and already beat the
// majority class; the full set with the trainer's default recipe (12 epochs, width 32) does far better.
using System.Globalization;
using Fer.MLNet;
using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Trainers.Supervised;
using Fer.MLNet.Transforms;
using Fer.Trainers.Backbones;
using Fer.Trainers.Metrics;
using Fer.Transforms.Datasets;
using TrainEvaluateSave;

string ferPlus = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "data", "ferplus");
string modelPath = args.Length > 1 ? args[1] : "fer-model.zip";
int trainImages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1500;
int epochs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;

var fer = new FerContext(seed: 1);
fer.Log += (_, e) => { if (e.Severity >= LogSeverity.Warning) Console.WriteLine($"[{e.Source}] {e.Message}"); };

// Data: FER+ folders give Path, Label (8 emotions), Votes and Distribution (the crowd's vote shares).
InMemoryDataView train = fer.Data.LoadFerPlus(Path.Combine(ferPlus, "FER2013Train"));
InMemoryDataView valid = fer.Data.LoadFerPlus(Path.Combine(ferPlus, "FER2013Valid"), new FerPlusReaderOptions { Mode = FerPlusLabelMode.StrictMajority });
train = DataCatalog.Subset(train, row => row < trainImages);
valid = DataCatalog.Subset(valid, row => row < 500);
Console.WriteLine($"training on {train.GetRowCount()} images, validating on {valid.GetRowCount()}");

// Pipeline: decode -> grey -> 48x48 -> [1, 48, 48] pixels -> classifier (vote distributions as targets).
var pipeline = fer.Transforms.LoadImages("Image", inputColumnName: "Path")
    .Append(fer.Transforms.ConvertToGrayscale("Image"))
    .Append(fer.Transforms.ResizeImages("Image", 48, 48))
    .Append(fer.Transforms.ExtractPixels("Pixels", "Image", PixelColorMode.Grey))
    .Append(fer.Trainers.Supervised(new SupervisedClassifierEstimator.Options
    {
        Backbone = BackboneKind.Vgg,
        BackboneWidth = 16,
        Epochs = epochs,
        BatchSize = 50,
        LearningRate = 0.02,
        Seed = 1,
        Progress = new ConsoleProgress(),               // epoch, step, loss, images/s, ETA; validation metrics
        EarlyStoppingPatience = 3,                      // stop when validation accuracy stalls; the best epoch is restored
    }));

var model = pipeline.Fit(train, valid);

// Evaluate on the validation rows: accuracy, F1, confusion matrix.
MulticlassMetrics metrics = fer.Evaluate.Multiclass(model.Transform(valid));
Console.WriteLine(metrics.ToTable());

// Save: one zip with the whole chain (image loading included) and the weights.
fer.Model.Save(model, train.Schema, modelPath);
Console.WriteLine($"saved {Path.GetFullPath(modelPath)}; try: dotnet run --project examples/LoadAndPredict -- {modelPath} IMAGE_OR_FOLDER");
