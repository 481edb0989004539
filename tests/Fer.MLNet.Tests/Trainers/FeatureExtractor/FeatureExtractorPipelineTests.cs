using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Persistence;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Trainers.FeatureExtractor;
using Fer.MLNet.Trainers.Supervised;
using Fer.MLNet.Transforms;
using Fer.Testing;
using Fer.Trainers.Backbones;
using Fer.Trainers.FeatureExtractor;
using Fer.Trainers.Training;
using Fer.Transforms.Datasets;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Trainers.FeatureExtractor;

/// <summary>The feature extractor as a pipeline component: workout, real multi-dataset pipeline, persistence, bad input.</summary>
public sealed class FeatureExtractorPipelineTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-fe-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static FeatureExtractorEstimator.Options Tiny(int epochs) => new()
    {
        Backbone = BackboneKind.Vgg, BackboneWidth = 4, Epochs = epochs, BatchSize = 32, LearningRate = 0.03, Seed = 5, HeadDropout = 0.1f,
        Augmentation = new() { HorizontalFlip = 0 },
    };

    [Fact]
    public void Estimator_Workout_SchemasPersistenceAndBadColumns()
    {
        var fer = new FerContext(seed: 1);
        var options = Tiny(1);
        options.AuxiliaryData.Add(new AuxiliaryDataset("stripes", PixelSets.Stripes(32, 2)));
        var result = EstimatorWorkout.Run(fer.Trainers.FeatureExtractor(options), PixelSets.Quadrants(64, 1), ["Pixels"]);
        var features = result.Values.Rows.Select(r => (float[])r[result.Values.Columns.ToList().FindIndex(c => c.Name == "Features")]!).ToArray();
        features.Should().OnlyContain(f => f.Length == 256);
        features.Select(f => string.Join(",", f.Take(8))).Distinct().Count().Should().BeGreaterThan(1, "different images give different features");
    }

    [Fact]
    public void Estimator_LabelOrAuxiliaryColumnsWrong_RefusedNamingThem()
    {
        var fer = new FerContext(seed: 1);
        var main = PixelSets.Quadrants(8, 1);
        FluentActions.Invoking(() => fer.Trainers.FeatureExtractor("Emotion").Fit(main))
            .Should().Throw<ArgumentException>().WithMessage("*label column 'Emotion' not found*");

        var options = Tiny(1);
        options.AuxiliaryData.Add(new AuxiliaryDataset("thermal", PixelSets.Stripes(4, 2), "Expression"));
        FluentActions.Invoking(() => fer.Trainers.FeatureExtractor(options).GetOutputSchema(main.Schema))
            .Should().Throw<ArgumentException>().WithMessage("*auxiliary 'thermal'*label column 'Expression' not found*");

        var grey32 = new InMemoryDataView(new DataViewSchema.Builder()
            .AddColumn("Pixels", new VectorDataViewType(1, 32, 32)).AddColumn("Label", NumberDataViewType.Int32).ToSchema(), [[new float[1024]], [0]]);
        var other = Tiny(1);
        other.AuxiliaryData.Add(new AuxiliaryDataset("small", grey32));
        FluentActions.Invoking(() => fer.Trainers.FeatureExtractor(other).Fit(main))
            .Should().Throw<ArgumentException>().WithMessage("*auxiliary 'small'*[1, 32, 32]*main data holds [1, 48, 48]*same preprocessing*");

        var duplicate = Tiny(1);
        duplicate.AuxiliaryData.Add(new AuxiliaryDataset("main", PixelSets.Stripes(4, 2)));
        FluentActions.Invoking(() => fer.Trainers.FeatureExtractor(duplicate)).Should().Throw<ArgumentException>().WithMessage("*named 'main'*already used*");
    }

    [Fact]
    public void Load_WeightsOfAnotherHeadCount_ModelFormatException()
    {
        var fer = new FerContext(seed: 1);
        var data = PixelSets.Quadrants(32, 1);
        var model = fer.Trainers.FeatureExtractor(Tiny(1)).Fit(data);
        byte[] zip = ModelFile.Serialize(model, data.Schema);
        var edited = new ModelZip(zip);
        var manifest = edited.Manifest;
        var opts = manifest["transformers"]![0]!["options"]!;
        opts["classes"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonArray("a", "b"));
        edited.Manifest = manifest;
        var act = () => ModelFile.Load(new MemoryStream(edited.Pack()), out _, "edited.zip");
        act.Should().Throw<ModelFormatException>().WithMessage("*edited.zip*");
    }

    [SkippableFact]
    public void Pipeline_FerPlusAndThermalWithTeacher_TrainsSavesReloadsBitIdentical()
    {
        var fer = new FerContext(seed: 2);
        var all = fer.Data.LoadFerPlus(SharedData.Require("data/ferplus/FER2013Valid"), new FerPlusReaderOptions { Mode = FerPlusLabelMode.Majority });
        var train = DataCatalog.Subset(all, r => r < 240);
        var valid = DataCatalog.Subset(all, r => r >= 240 && r < 320);
        var thermalRaw = fer.Data.LoadThermal(SharedData.Require("data/ivp-thermal"));
        var thermal = DataCatalog.Subset(thermalRaw, r => r % 6 == 0);

        var preprocessing = fer.Transforms.LoadImages("Image")
            .Append(fer.Transforms.ConvertToGrayscale("Image"))
            .Append(fer.Transforms.ResizeImages("Image", 48, 48))
            .Append(fer.Transforms.ExtractPixels("Pixels", "Image", PixelColorMode.Grey));
        // The teacher: a supervised model on the same pixels.
        var teacherModel = preprocessing.Append(fer.Trainers.Supervised(new SupervisedClassifierEstimator.Options
        {
            Backbone = BackboneKind.Vgg, BackboneWidth = 4, Epochs = 1, BatchSize = 32, Seed = 9,
        })).Fit(train);
        // Auxiliary data: the same preprocessing, fitted on the thermal set.
        IDataView thermalPixels = preprocessing.Fit(thermal).Transform(thermal);

        var reports = new List<TrainingProgress>();
        var options = Tiny(2);
        options.MainDatasetName = "ferplus";
        options.Teacher = new EnsembleTeacher(teacherModel.LastTransformer!.Model);
        options.AuxiliaryData.Add(new AuxiliaryDataset("thermal", thermalPixels));
        options.Progress = new SyncProgress(reports.Add);
        var model = preprocessing.Append(fer.Trainers.FeatureExtractor(options)).Fit(train, valid);

        FeatureExtractorModel fe = model.LastTransformer!.Model;
        fe.DatasetNames.Should().Equal("ferplus", "thermal");
        fe.ClassNames[0].Should().HaveCount(8);
        fe.ClassNames[1].Should().Equal("anger", "fear", "happy", "neutral", "sad", "surprise");
        foreach (var e in fe.LossHistory) output.WriteLine(string.Join(", ", e.Select(kv => $"{kv.Key} {kv.Value:F4}")));
        fe.LossHistory[0]["rows.thermal"].Should().Be(thermal.GetRowCount());
        fe.LossHistory[0]["rows.ferplus"].Should().Be(240);
        fe.LossHistory[^1]["loss.distillation"].Should().BePositive();
        fe.LossHistory[^1]["loss.triplet"].Should().BePositive();
        fe.Training!.History[^1].TrainLoss.Should().BeLessThan(fe.Training.History[0].TrainLoss);
        reports.Where(r => r.Phase == "validate").Should().HaveCount(2).And.OnlyContain(r => r.Metrics.ContainsKey("ferplus.accuracy"));

        IDataView scored = model.Transform(valid);
        scored.Schema["Features"].Type.Should().Be(new VectorDataViewType(256));
        float[][] before = [.. DataCatalog.GetColumn<float[]>(scored, "Features")];
        string path = Path.Combine(dir, "fe.zip");
        fer.Model.Save(model, all.Schema, path);
        var loaded = fer.Model.Load(path, out _);
        float[][] after = [.. DataCatalog.GetColumn<float[]>(loaded.Transform(valid), "Features")];
        for (int i = 0; i < before.Length; i++) after[i].Should().Equal(before[i], $"row {i} after reload");

        var engine = fer.Model.CreatePredictionEngine<FaceInput, FeatureOutput>(loaded);
        string[] paths = [.. DataCatalog.GetColumn<string>(valid, "Path").Take(5)];
        for (int i = 0; i < paths.Length; i++)
            Close.Check(before[i], engine.Predict(new FaceInput { Path = paths[i] }).Features, 1e-5, 1e-4, $"row {i}: engine vs batch");
    }

    public sealed class FaceInput
    {
        public string Path { get; set; } = "";
    }

    public sealed class FeatureOutput
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
