using Fer.MLNet.Catalogs;
using Fer.MLNet.Data;
using Fer.MLNet.Model;
using Fer.MLNet.Persistence;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Trainers.GcnMultitask;
using Fer.Trainers.Backbones;
using Fer.Trainers.GcnMultitask;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Trainers.GcnMultitask;

public sealed class GcnMultitaskEstimatorTests(ITestOutputHelper output)
{
    // The synthetic classes are separable, so cross-entropy grows the logits without bound; with the
    // reference p = 0.5 the arousal node, half made of the neutral and happiness classifiers, inherits
    // that scale and its CCC gradient vanishes. p = 0.2 (ML-GCN's value) keeps the coupling milder.
    private static GcnMultitaskEstimator.Options FeatureOptions(MultitaskHeadKind head) => new()
    {
        FeatureColumnName = "Features", Head = head, Epochs = 15, BatchSize = 30, LearningRate = 2e-2, NodeInputSize = 16, GcnHiddenSize = 32, Seed = 2,
        AdjacencyReweight = 0.2,
    };

    [Theory]
    [InlineData(MultitaskHeadKind.Gcn)]
    [InlineData(MultitaskHeadKind.Independent)]
    public void Workout_FeatureVectors_PassesAndLearns(MultitaskHeadKind head)
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = AffectViews.Features(150, 6, seed: 3);
        // The fitted transformer reads only the input column; the estimator also needs the targets (checked below).
        var result = EstimatorWorkout.Run(fer.Trainers.GcnMultitask(FeatureOptions(head)), data, ["Features"]);

        var metrics = fer.Evaluate.Multiclass(result.Transformed);
        var va = fer.Evaluate.ValenceArousal(result.Transformed);
        output.WriteLine($"{head}: accuracy {metrics.Accuracy:F3}, macro-F1 {metrics.MacroF1:F3}, CCC V {va.Valence.Ccc:F3} A {va.Arousal.Ccc:F3}, RMSE V {va.Valence.Rmse:F3} A {va.Arousal.Rmse:F3}");
        metrics.Accuracy.Should().BeGreaterThan(0.9);
        va.Valence.Ccc.Should().BeGreaterThan(0.8);
        va.Arousal.Ccc.Should().BeGreaterThan(0.6);
        va.Arousal.MissingCount.Should().Be(1, "the last row's arousal is NaN");
    }

    [Fact]
    public void Workout_Images_PassesThroughABackbone()
    {
        var fer = new FerContext(seed: 1);
        InMemoryDataView data = AffectViews.Pixels(12, seed: 4);
        var options = new GcnMultitaskEstimator.Options
        {
            Backbone = BackboneKind.Vgg, BackboneWidth = 4, Epochs = 1, BatchSize = 6, NodeInputSize = 8, GcnHiddenSize = 16, OutputFeatures = true,
        };
        var result = EstimatorWorkout.Run(fer.Trainers.GcnMultitask(options), data, ["Pixels"]);
        result.Transformed.Schema["Features"].Type.Should().Be(new VectorDataViewType(256));
        result.Transformed.Schema["PredictedValence"].Type.Should().Be(NumberDataViewType.Single);
    }

    [Fact]
    public void SaveLoad_GcnModel_PredictsBitIdenticallyAndKeepsTheAdjacency()
    {
        var fer = new FerContext(seed: 5);
        InMemoryDataView data = AffectViews.Features(90, 5, seed: 6);
        var options = FeatureOptions(MultitaskHeadKind.Gcn);
        options.Epochs = 3;
        var logs = new List<string>();
        fer.Log += (_, e) => logs.Add(e.Message);
        options.Verbose = true;
        GcnMultitaskTransformer model = fer.Trainers.GcnMultitask(options).Fit(data);
        logs.Should().Contain(m => m.Contains("Adjacency D^-1/2 A D^-1/2") && m.Contains("valence"), "verbose mode logs the label graph");

        string path = Path.Combine(Path.GetTempPath(), $"gcn-{Guid.NewGuid():N}.zip");
        try
        {
            fer.Model.Save(model, data.Schema, path);
            var loaded = fer.Model.Load(path, out _);
            var again = (GcnMultitaskTransformer)loaded.Single();
            again.Model.Adjacency!.ToArray().Should().Equal(model.Model.Adjacency!.ToArray());
            again.Model.FormatAdjacency().Should().Contain("arousal");
            IDataView a = model.Transform(data), b = loaded.Transform(data);
            foreach (string column in new[] { "PredictedValence", "PredictedArousal" })
                DataCatalog.GetColumn<float>(b, column).Should().Equal(DataCatalog.GetColumn<float>(a, column), column);
            DataCatalog.GetColumn<int>(b, "PredictedLabel").Should().Equal(DataCatalog.GetColumn<int>(a, "PredictedLabel"));
            float[][] scores = [.. DataCatalog.GetColumn<float[]>(a, "Score")];
            float[][] reloaded = [.. DataCatalog.GetColumn<float[]>(b, "Score")];
            for (int r = 0; r < scores.Length; r++) reloaded[r].Should().Equal(scores[r], $"row {r}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_LayoutDisagreesWithWeights_IsAModelFormatError()
    {
        var fer = new FerContext(seed: 5);
        InMemoryDataView data = AffectViews.Features(30, 4, seed: 6);
        var options = FeatureOptions(MultitaskHeadKind.Gcn);
        options.Epochs = 1;
        byte[] zip = ModelFile.Serialize(fer.Trainers.GcnMultitask(options).Fit(data), data.Schema);
        var crafted = new ModelZip(zip);
        var manifest = crafted.Manifest;
        manifest["transformers"]![0]!["options"]!["classes"] = new System.Text.Json.Nodes.JsonArray("a", "b");
        crafted.Manifest = manifest;
        var act = () => ModelFile.Load(new MemoryStream(crafted.Pack()), out _, "crafted.zip");
        act.Should().Throw<ModelFormatException>().WithMessage("*crafted.zip*");
        manifest["transformers"]![0]!["options"]!["head"] = "Transformer";
        crafted.Manifest = manifest;
        act.Should().Throw<ModelFormatException>().WithMessage("*Unknown head*");
    }

    [Theory]
    [InlineData("Label")]
    [InlineData("Valence")]
    [InlineData("Arousal")]
    public void Estimator_TargetColumnMissingOrRetyped_IsRefusedBeforeReadingRows(string column)
    {
        var fer = new FerContext(seed: 1);
        var estimator = fer.Trainers.GcnMultitask(FeatureOptions(MultitaskHeadKind.Gcn));
        DataViewSchema schema = AffectViews.Features(3, 4, 1).Schema;
        foreach (DataViewSchema bad in new[] { SchemaAssert.Without(schema, column), SchemaAssert.Retyped(schema, column, TextDataViewType.Instance) })
        {
            estimator.Invoking(e => e.GetOutputSchema(bad)).Should().Throw<ArgumentException>().WithMessage($"*'{column}'*");
            estimator.Invoking(e => e.Fit(new SchemaOnlyView(bad))).Should().Throw<ArgumentException>().WithMessage($"*'{column}'*");
        }
    }

    [Fact]
    public void GetOutputSchema_NoValence_PointsToDerivedValues()
    {
        var fer = new FerContext(seed: 1);
        var schema = SchemaAssert.Without(AffectViews.Features(3, 4, 1).Schema, "Valence");
        var act = () => fer.Trainers.GcnMultitask(labelColumnName: "Label", featureColumnName: "Features").GetOutputSchema(schema);
        act.Should().Throw<ArgumentException>().WithMessage("*valence column 'Valence' not found*DeriveValenceArousal*");
    }
}
