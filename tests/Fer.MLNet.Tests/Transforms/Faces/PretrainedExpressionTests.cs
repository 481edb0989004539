using Fer.MLNet.Data;
using Fer.MLNet.Pipeline;
using Fer.MLNet.Tests.Support;
using Fer.MLNet.Transforms;
using Fer.Testing;
using Fer.Transforms.Datasets;
using Fer.Transforms.Imaging;
using Fer.Transforms.Taxonomy;
using Xunit.Abstractions;

namespace Fer.MLNet.Tests.Transforms.Faces;

public sealed class PretrainedExpressionTests
{
    private readonly FerContext fer = new(seed: 1);
    private readonly ITestOutputHelper output;

    public PretrainedExpressionTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(ExpressionClassOrder.FaceApi)]
    [InlineData(ExpressionClassOrder.Canonical8)]
    public void Workout_EachClassOrder_PassesEveryCheck(ExpressionClassOrder order)
    {
        var data = FaceTestImages.Mixed();

        var result = EstimatorWorkout.Run(fer.Transforms.PretrainedExpression("Image", order), data, ["Image"]);

        var scheme = ((PretrainedExpressionTransformer)result.Transformer).Classes;
        result.Transformed.Schema["Score"].Annotations.SlotNames.Should().Equal(scheme.Names);
        result.Transformed.Schema["PredictedLabel"].Annotations.KeyValues.Should().Equal(scheme.Names);
        var images = DataValues.Column<Image>(data, "Image");
        var scores = result.Values["Score"].Cast<float[]>().ToList();
        var labels = result.Values["PredictedLabel"].Cast<int>().ToList();
        for (int i = 0; i < images.Count; i++)
        {
            var prediction = FaceTestImages.Expression.Predict(images[i]);
            scores[i].Should().Equal(order == ExpressionClassOrder.FaceApi ? [.. prediction.Probabilities] : prediction.ProbabilitiesIn(scheme), $"row {i}");
            scheme[labels[i]].Expression.Should().Be(prediction.Predicted, $"row {i}");
        }
        if (order == ExpressionClassOrder.Canonical8) scores.Should().OnlyContain(s => s[(int)Expression.Contempt] == 0f);
    }

    [SkippableFact]
    public void Pipeline_FerPlusValidSample_ScoresLikeTheNetwork()
    {
        // Load -> decode -> score, in the canonical 7-class order of the FER+ Label column; the first 160
        // strict-majority rows. The whole split scores 0.737 (docs/faces.md).
        var all = fer.Data.LoadFerPlus(SharedData.Require("data/ferplus/FER2013Valid"), new FerPlusReaderOptions { Mode = FerPlusLabelMode.StrictMajority, IncludeContempt = false });
        var data = Fer.MLNet.Catalogs.DataCatalog.Subset(all, r => r < 160);
        var pipeline = fer.Transforms.LoadImages("Image", inputColumnName: "Path")
            .Append(fer.Transforms.PretrainedExpression("Image", ExpressionClassOrder.Canonical7));

        var scored = pipeline.Fit(data).Transform(data);
        var metrics = fer.Evaluate.Multiclass(scored);

        output.WriteLine($"FER+ Valid, first 160 strict-majority rows: accuracy {metrics.Accuracy:F4}");
        scored.Schema["PredictedLabel"].Annotations.KeyValues.Should().Equal(data.Schema["Label"].Annotations.KeyValues, "labels and predictions share the class order");
        metrics.Accuracy.Should().BeGreaterThan(0.65);
    }

    [Fact]
    public void Constructor_SameOutputNames_Throws()
    {
        var act = () => new PretrainedExpressionTransformer(new PretrainedExpressionTransformer.Options { ScoreColumnName = "X", PredictedLabelColumnName = "X" });

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("'X'");
    }
}
