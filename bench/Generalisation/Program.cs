using System.Diagnostics;
using System.Globalization;
using System.Text;
using Fer.Generalisation;
using Fer.MLNet;
using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Trainers.FeatureExtractor;
using Fer.MLNet.Trainers.Supervised;
using Fer.Tensors;
using Fer.Trainers.Backbones;
using Fer.Trainers.FeatureExtractor;
using Fer.Trainers.Training;
using Fer.Transforms.Datasets;

// The generalisation report of docs/trainers.md: train (or reload) the models, extract
// features of lfw-expressions, and cross-validate a linear probe by person on each representation.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var settings = ReportSettings.Parse(args);
var total = Stopwatch.StartNew();
Directory.CreateDirectory(settings.OutputDirectory);
Console.WriteLine($"data: {settings.DataRoot}; output: {settings.OutputDirectory}; threads: {Fer.Tensors.Threading.Parallelism.ThreadCount}");
var fer = new FerContext(seed: (int)settings.Seed);
fer.Log += (_, e) => Console.WriteLine($"[{e.Source}] {e.Message}");

// 1. Data, featurized by the same preprocessing pipeline fitted on each set.
IDataView ferTrainRaw = fer.Data.LoadFerPlus(Path.Combine(settings.DataRoot, "ferplus/FER2013Train"), new FerPlusReaderOptions { Mode = FerPlusLabelMode.Majority });
if (settings.FerPlusLimit > 0) ferTrainRaw = DataCatalog.Subset((InMemoryDataView)ferTrainRaw, r => r < settings.FerPlusLimit);
var ferTrain = Featurizer.Run(fer, ferTrainRaw, "FER2013Train (majority, vote distributions)");
var ferValid = Featurizer.Run(fer, fer.Data.LoadFerPlus(Path.Combine(settings.DataRoot, "ferplus/FER2013Valid"), new FerPlusReaderOptions { Mode = FerPlusLabelMode.StrictMajority }), "FER2013Valid (strict majority)");
var thermal = Featurizer.Run(fer, fer.Data.LoadThermal(Path.Combine(settings.DataRoot, "ivp-thermal")), "ivp-thermal");
var lfw = Featurizer.Run(fer, fer.Data.LoadLfwExpressions(Path.Combine(settings.DataRoot, "lfw-expressions")), "lfw-expressions", detectFaces: true);
int facesFound = Featurizer.Column<bool>(lfw, "FaceFound").Count(f => f);
Console.WriteLine($"lfw-expressions: the detector found a face in {facesFound} of {lfw.GetRowCount()} photos (the rest are used whole)");

// 2. Models: the supervised backbone, a second supervised member for the teacher ensemble, the feature extractor.
var timings = new Dictionary<string, double>();
ExpressionClassifierTransformer supervised = WithFeatures(LoadOrTrain("supervised", () => fer.Trainers.Supervised(new SupervisedClassifierEstimator.Options
{
    Backbone = BackboneKind.Vgg, BackboneWidth = settings.Width, Epochs = settings.SupervisedEpochs, Seed = settings.Seed + 10, OutputFeatures = true, Progress = Reporter("supervised"),
}).Fit(ferTrain, ferValid)));
ExpressionClassifierTransformer member = settings.TeacherModel.Length > 0 ? LoadClassifier(settings.TeacherModel) : LoadOrTrain("teacher-member", () => fer.Trainers.Supervised(new SupervisedClassifierEstimator.Options
{
    Backbone = BackboneKind.Vgg, BackboneWidth = settings.Width * 3 / 2, Epochs = settings.TeacherEpochs, Seed = settings.Seed + 20, LabelSmoothing = 0.1f, Progress = Reporter("teacher-member"),
    Augmentation = new() { HorizontalFlip = 0.5, PadCrop = 4, RotationDegrees = 10 },
}).Fit(ferTrain, ferValid));
var teacher = new EnsembleTeacher(supervised.Model, member.Model);

FeatureExtractorTransformer extractor = LoadOrTrain("feature-extractor", () =>
{
    var options = new FeatureExtractorEstimator.Options
    {
        Backbone = BackboneKind.Vgg, BackboneWidth = settings.Width, Epochs = settings.FeatureExtractorEpochs, Seed = settings.Seed + 30, MainDatasetName = "ferplus",
        Teacher = teacher, Temperature = 4, DistillationWeight = 1, TripletWeight = 0.5, TripletMargin = 0.2f,
        // The supervised recipe's augmentation plus small rotations: stronger crops and colour jitter slowed short budgets down.
        Augmentation = new() { HorizontalFlip = 0.5, PadCrop = 4, RotationDegrees = 10 },
        Progress = Reporter("feature-extractor"),
    };
    options.AuxiliaryData.Add(new AuxiliaryDataset("thermal", thermal));
    return fer.Trainers.FeatureExtractor(options).Fit(ferTrain, ferValid);
});

// FER+ validation (strict majority) of the supervised model, the teacher ensemble and the extractor's FER+ head, for context.
int[] validLabels = Featurizer.Column<int>(ferValid, "Label");
Tensor validImages = Images(ferValid);
double supervisedAccuracy = Accuracy(supervised.Model.Predict(validImages).Probabilities, validLabels);
double teacherAccuracy = Accuracy(teacher.Logits(validImages), validLabels);
double extractorAccuracy = Accuracy(extractor.Model.PredictHead(0, validImages), validLabels);
Console.WriteLine($"FER2013Valid strict-majority accuracy: supervised {supervisedAccuracy:F4}, teacher ensemble {teacherAccuracy:F4}, feature extractor FER+ head {extractorAccuracy:F4}");

// 3. Representations of lfw-expressions and the probe.
int[] labels = Featurizer.Column<int>(lfw, "Label");
string[] groups = Featurizer.Column<string>(lfw, "Group");
IReadOnlyList<string> classNames = lfw.Schema["Label"].Annotations.KeyValues ?? [.. Enumerable.Range(0, labels.Max() + 1).Select(i => i.ToString())];
var representations = new List<(string Name, float[] Values, int Dimension)>();
var (pixels, pixelDim) = Featurizer.Matrix(lfw, "Pixels");
representations.Add(("raw pixels (48x48 grey)", pixels, pixelDim));
var (faceApi, faceApiDim) = Featurizer.Matrix(lfw, "FaceApiFeatures");
representations.Add(("face-api features (PretrainedFeatures)", faceApi, faceApiDim));
var (supFeatures, supDim) = Featurizer.Matrix(supervised.Transform(lfw), "Features");
representations.Add(("supervised backbone (VGG, FER+)", supFeatures, supDim));
var (extFeatures, extDim) = Featurizer.Matrix(extractor.Transform(lfw), "Features");
representations.Add(("feature extractor (DeepFEVER-style)", extFeatures, extDim));

var results = new List<ProbeResult>();
foreach (var (name, values, dim) in representations)
{
    Console.WriteLine($"probe: {name} ({dim} features)");
    results.Add(ProbeReport.Run(name, values, dim, labels, groups, classNames, settings.Folds, settings.Seed));
}

// 4. The report.
var md = new StringBuilder();
md.AppendLine(CultureInfo.InvariantCulture, $"lfw-expressions: {labels.Length} images, {groups.Distinct().Count()} people, {settings.Folds}-fold cross-validation by person; classes: {string.Join(", ", classNames.Select((c, i) => $"{c} {labels.Count(l => l == i)}"))}; a face detected in {facesFound} photos (the rest used whole).");
md.AppendLine();
md.AppendLine("| representation | features | macro-F1 (mean ± std) | accuracy (mean ± std) | chosen L2 per fold |");
md.AppendLine("| --- | ---: | ---: | ---: | --- |");
foreach (ProbeResult r in results)
{
    var (f1, f1s) = ProbeResult.Stats(r.MacroF1);
    var (acc, accs) = ProbeResult.Stats(r.Accuracy);
    md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Representation} | {r.Dimension} | {f1:F3} ± {f1s:F3} | {acc:F3} ± {accs:F3} | {string.Join(" ", r.ChosenL2.Select(l => l.ToString("G2")))} |");
}
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"FER2013Valid strict-majority accuracy ({validLabels.Length} images): supervised {supervisedAccuracy:F4}, teacher ensemble {teacherAccuracy:F4}, feature extractor FER+ head {extractorAccuracy:F4}.");
md.AppendLine();
md.AppendLine("Wall time (s): " + string.Join(", ", timings.Select(kv => $"{kv.Key} {kv.Value:F0}")) + $", whole report {total.Elapsed.TotalSeconds:F0}.");
md.AppendLine(CultureInfo.InvariantCulture, $"Settings: FER+ limit {(settings.FerPlusLimit == 0 ? "none" : settings.FerPlusLimit)}, epochs supervised {settings.SupervisedEpochs}, teacher member {(settings.TeacherModel.Length > 0 ? "loaded from " + settings.TeacherModel : settings.TeacherEpochs.ToString(CultureInfo.InvariantCulture))}, extractor {settings.FeatureExtractorEpochs}, seed {settings.Seed}, threads {Fer.Tensors.Threading.Parallelism.ThreadCount}.");
string report = md.ToString();
Console.WriteLine();
Console.WriteLine(report);
File.WriteAllText(Path.Combine(settings.OutputDirectory, "report.md"), report);
return 0;

T LoadOrTrain<T>(string name, Func<T> train)
    where T : class, ITransformer
{
    string path = Path.Combine(settings.OutputDirectory, name + ".zip");
    if (File.Exists(path) && !settings.Retrain)
    {
        Console.WriteLine($"{name}: reusing {path} (pass --retrain to train again)");
        var chain = fer.Model.Load(path, out _);
        return (T)chain[chain.Count - 1];
    }
    var clock = Stopwatch.StartNew();
    T model = train();
    timings[name] = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{name}: trained in {clock.Elapsed.TotalMinutes:F1} min");
    fer.Model.Save(new TransformerChain<T>(model), ferTrain.Schema, path);
    return model;
}

// A supervised model saved without its Features output (e.g. by fer train supervised) gets it back.
static ExpressionClassifierTransformer WithFeatures(ExpressionClassifierTransformer t) => t.OutputFeatures ? t
    : new ExpressionClassifierTransformer(t.Model, t.Backbone, t.BackboneWidth, t.HeadDropout, t.FeatureColumnName, outputFeatures: true);

ExpressionClassifierTransformer LoadClassifier(string path)
{
    var chain = fer.Model.Load(path, out _);
    Console.WriteLine($"teacher member: loaded {path}");
    return chain[chain.Count - 1] as ExpressionClassifierTransformer
        ?? throw new ArgumentException($"--teacher-model {path}: the last step is {chain[chain.Count - 1].GetType().Name}, not an expression classifier.");
}

IProgress<TrainingProgress> Reporter(string name)
{
    long last = -1;
    return new SyncProgress(p =>
    {
        if (p.Phase == "validate")
            Console.WriteLine($"{name}: epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} {string.Join(" ", p.Metrics.Where(m => !m.Key.Contains('.', StringComparison.Ordinal) || m.Key.EndsWith("accuracy", StringComparison.Ordinal)).Select(m => $"{m.Key} {m.Value:F4}"))} ({p.Elapsed.TotalMinutes:F1} min)");
        else if (p.Step / 100 != last / 100 || p.Step == p.TotalSteps)
        {
            last = p.Step;
            Console.WriteLine($"{name}: step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} {string.Join(" ", p.Metrics.Where(m => m.Key.StartsWith("loss.", StringComparison.Ordinal)).Select(m => $"{m.Key} {m.Value:F4}"))} {p.ImagesPerSecond:F0} img/s, eta {p.Eta:hh\\:mm\\:ss}");
        }
    });
}

static Tensor Images(IDataView view)
{
    var (values, d) = Featurizer.Matrix(view, "Pixels");
    return Tensor.Wrap(values, values.Length / d, 1, Featurizer.Side, Featurizer.Side);
}

static double Accuracy(Tensor scores, int[] labels)
{
    int[] predicted = scores.ArgMaxRows();
    return predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
internal sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
