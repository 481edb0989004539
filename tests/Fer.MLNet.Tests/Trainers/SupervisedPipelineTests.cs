using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Trainers.Supervised;
using Fer.MLNet.Transforms;
using Fer.Testing;
using Fer.Trainers.Backbones;
using Fer.Transforms.Datasets;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Trainers;

/// <summary>The user's path: load FER+, build a pipeline, train, evaluate, save, reload, score one by one.</summary>
public sealed class SupervisedPipelineTests(ITestOutputHelper output) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("fer-sup-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public sealed class FaceInput
    {
        public string Path { get; set; } = "";
    }

    public sealed class ExpressionPrediction
    {
        public float[] Score { get; set; } = [];

        [ColumnName("PredictedLabel")]
        public string Expression { get; set; } = "";
    }

    [SkippableFact]
    public void Pipeline_TrainEvaluateSaveLoadPredict_RoundTripsBitIdentical()
    {
        var fer = new FerContext(seed: 3);
        string root = SharedData.Require("data/ferplus/FER2013Valid");
        var all = fer.Data.LoadFerPlus(root, new FerPlusReaderOptions { Mode = FerPlusLabelMode.Majority });
        var train = DataCatalog.Subset(all, r => r < 800);
        var test = DataCatalog.Subset(all, r => r >= 800 && r < 1000);

        var pipeline = fer.Transforms.LoadImages("Image")
            .Append(fer.Transforms.ConvertToGrayscale("Image"))
            .Append(fer.Transforms.ResizeImages("Image", 48, 48))
            .Append(fer.Transforms.ExtractPixels("Pixels", "Image", PixelColorMode.Grey))
            .Append(fer.Trainers.Supervised(new SupervisedClassifierEstimator.Options
            {
                Backbone = BackboneKind.Vgg, BackboneWidth = 8, Epochs = 2, BatchSize = 50, LearningRate = 0.02, Seed = 4,
            }));
        var model = pipeline.Fit(train, test);
        IDataView scored = model.Transform(test);
        var metrics = fer.Evaluate.Multiclass(scored);
        output.WriteLine(metrics.ToTable());
        metrics.Accuracy.Should().BeInRange(0, 1);
        model.LastTransformer!.Model.Training!.History.Should().HaveCount(2);

        string path = Path.Combine(dir, "model.zip");
        fer.Model.Save(model, all.Schema, path);
        var loaded = fer.Model.Load(path, out DataViewSchema schema);
        schema["Path"].Type.Should().Be(TextDataViewType.Instance);
        float[][] before = [.. DataCatalog.GetColumn<float[]>(scored, "Score")];
        float[][] after = [.. DataCatalog.GetColumn<float[]>(loaded.Transform(test), "Score")];
        after.Should().HaveCount(before.Length);
        for (int i = 0; i < before.Length; i++) after[i].Should().Equal(before[i], $"row {i} after reload");

        var engine = fer.Model.CreatePredictionEngine<FaceInput, ExpressionPrediction>(loaded);
        var originalEngine = fer.Model.CreatePredictionEngine<FaceInput, ExpressionPrediction>(model);
        string[] paths = [.. DataCatalog.GetColumn<string>(test, "Path").Take(20)];
        var names = model.LastTransformer.Model.ClassNames;
        for (int i = 0; i < paths.Length; i++)
        {
            ExpressionPrediction p = engine.Predict(new FaceInput { Path = paths[i] });
            p.Score.Should().Equal(originalEngine.Predict(new FaceInput { Path = paths[i] }).Score, "the reloaded model scores exactly as the trained one");
            // One image at a time runs other GEMM blockings than a batch of 64: equal up to float rounding.
            Close.Check(before[i], p.Score, 1e-6, 1e-5, $"row {i}: engine vs batch");
            p.Expression.Should().Be(names[Array.IndexOf(before[i], before[i].Max())]);
        }
    }
}
