using Fer.MLNet.Data;
using Fer.Trainers.Metrics;
using static Fer.MLNet.Tests.Evaluation.ScoredViews;

namespace Fer.MLNet.Tests.Evaluation;

public sealed class EvaluationCatalogMulticlassTests
{
    private static readonly string[] Names = ["neutral", "happy", "sad"];

    // Row 2 is unlabelled; row 4's PredictedLabel (2) differs from its arg-max (1) on purpose.
    private static readonly int[] Labels = [0, 1, -1, 2, 2, 0];
    private static readonly int[] PredictedLabels = [0, 1, 0, 2, 2, 1];
    private static readonly float[][] Scores =
    [
        [0.8f, 0.1f, 0.1f], [0.2f, 0.7f, 0.1f], [0.6f, 0.2f, 0.2f], [0.1f, 0.2f, 0.7f], [0.1f, 0.5f, 0.4f], [0.3f, 0.4f, 0.3f],
    ];

    private static InMemoryDataView Scored(IReadOnlyList<string>? slotNames = null, IReadOnlyList<string>? keyValues = null)
        => Build(Ints("Label", Labels, keyValues), Vectors("Score", Scores, slotNames), Ints("PredictedLabel", PredictedLabels));

    [Fact]
    public void Multiclass_ScoredView_MatchesMetricsOfLabelledRows()
    {
        var fer = new FerContext(1);
        var log = new List<LoggingEventArgs>();
        fer.Log += (_, e) => log.Add(e);

        MulticlassMetrics m = fer.Evaluate.Multiclass(Scored(slotNames: Names));

        int[] keep = [0, 1, 3, 4, 5];
        MulticlassMetrics expected = MulticlassEvaluator.Evaluate([.. keep.Select(i => Labels[i])], [.. keep.Select(i => Scores[i])],
            [.. keep.Select(i => PredictedLabels[i])], Names);
        m.ClassNames.Should().Equal(Names);
        m.RowCount.Should().Be(5);
        m.UnlabelledRowCount.Should().Be(1);
        m.Accuracy.Should().Be(0.8, "PredictedLabel, not the arg-max, decides: rows 0, 1, 3, 4 are right");
        m.Should().BeEquivalentTo(expected, o => o.Excluding(x => x.UnlabelledRowCount));
        m.LogLoss!.Value.Should().BeApproximately(-(Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.7) + Math.Log(0.4) + Math.Log(0.3)) / 5, 1e-6);
        log.Should().Contain(e => e.Severity == LogSeverity.Warning && e.Message.Contains("skipped 1 unlabelled rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Multiclass_NoPredictedLabelColumn_UsesArgMaxOfScores()
    {
        InMemoryDataView data = Build(Ints("Label", Labels), Vectors("Score", Scores, Names));

        MulticlassMetrics m = new FerContext().Evaluate.Multiclass(data, predictedLabelColumnName: null);

        m.Accuracy.Should().Be(0.6, "arg-max predicts 0, 1, 2, 1, 1 for the labelled rows 0, 1, 2, 2, 0");
        FluentActions.Invoking(() => new FerContext().Evaluate.Multiclass(data))
            .Should().Throw<ArgumentException>().WithMessage("*'PredictedLabel'*not found*predictedLabelColumnName: null*");
    }

    [Fact]
    public void Multiclass_NamesFromLabelKeyValues_WhenScoresHaveNoSlotNames()
    {
        MulticlassMetrics m = new FerContext().Evaluate.Multiclass(Scored(keyValues: Names));

        m.ClassNames.Should().Equal(Names);
        m.PerClass[2].Name.Should().Be("sad");
    }

    [Fact]
    public void Multiclass_NoNames_NumbersTheClasses()
    {
        new FerContext().Evaluate.Multiclass(Scored()).ClassNames.Should().Equal("0", "1", "2");
    }

    [Fact]
    public void Multiclass_SlotNamesDisagreeWithKeyValues_Throws()
    {
        FluentActions.Invoking(() => new FerContext().Evaluate.Multiclass(Scored(slotNames: Names, keyValues: ["neutral", "sad", "happy"])))
            .Should().Throw<ArgumentException>().WithMessage("*key values of 'Label' [neutral, sad, happy] differ from the slot names of 'Score' [neutral, happy, sad]*");
    }

    [Fact]
    public void Multiclass_SlotNameCountDiffersFromScoreSize_Throws()
    {
        FluentActions.Invoking(() => new FerContext().Evaluate.Multiclass(Scored(slotNames: ["a", "b"])))
            .Should().Throw<ArgumentException>().WithMessage("*'Score' holds 3 scores*2 classes*");
    }

    [Fact]
    public void Multiclass_MissingOrMistypedColumns_ThrowNamingTheColumn()
    {
        var fer = new FerContext();
        InMemoryDataView noScore = Build(Ints("Label", Labels), Ints("PredictedLabel", PredictedLabels));
        InMemoryDataView floatLabel = Build(Singles("Label", [.. Labels.Select(l => (float)l)]), Vectors("Score", Scores), Ints("PredictedLabel", PredictedLabels));

        FluentActions.Invoking(() => fer.Evaluate.Multiclass(noScore))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Multiclass: column 'Score' (scoreColumnName) not found. Available columns: 'Label' (Int32), 'PredictedLabel' (Int32)*");
        FluentActions.Invoking(() => fer.Evaluate.Multiclass(floatLabel))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Multiclass: column 'Label' (labelColumnName) has type Single; expected Int32*");
        FluentActions.Invoking(() => fer.Evaluate.Multiclass(Scored(), scoreColumnName: "PredictedLabel"))
            .Should().Throw<ArgumentException>().WithMessage("*column 'PredictedLabel' (scoreColumnName) has type Int32; expected a float vector*");
        FluentActions.Invoking(() => fer.Evaluate.Multiclass(Scored(), scoreColumnName: null, predictedLabelColumnName: null))
            .Should().Throw<ArgumentException>().WithMessage("*give a score column, a predicted-label column or both*");
    }

    [Fact]
    public void Multiclass_LabelsOnly_EvaluatesWithoutScores()
    {
        MulticlassMetrics m = new FerContext().Evaluate.Multiclass(Scored(keyValues: Names), scoreColumnName: null);

        m.Accuracy.Should().Be(0.8);
        m.LogLoss.Should().BeNull();
        m.TopK.Should().BeEmpty();
    }

    [Fact]
    public void Multiclass_BadValues_ErrorNamesColumnAndRow()
    {
        float[][] notProbabilities = [.. Scores.Select(r => (float[])r.Clone())];
        notProbabilities[3] = [1f, 2f, 3f];
        InMemoryDataView data = Build(Ints("Label", Labels), Vectors("Score", notProbabilities), Ints("PredictedLabel", PredictedLabels));
        InMemoryDataView badLabel = Build(Ints("Label", [0, 1, 7, 2, 2, 0]), Vectors("Score", Scores), Ints("PredictedLabel", PredictedLabels));

        FluentActions.Invoking(() => new FerContext().Evaluate.Multiclass(data))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Multiclass: scores[3]*not a probability*scores = column 'Score'*the index in brackets is the row*");
        FluentActions.Invoking(() => new FerContext().Evaluate.Multiclass(badLabel))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Multiclass: truth[2] = 7*truth = column 'Label'*");
    }

    [Fact]
    public void Multiclass_Logits_AppliesSoftmaxForLogLoss()
    {
        float[][] logits = [[2f, 0f, -1f], [0f, 3f, 0f], [1f, 1f, 1f]];
        InMemoryDataView data = Build(Ints("Label", [0, 1, 2]), Vectors("Score", logits, Names, knownSize: false));

        MulticlassMetrics m = new FerContext().Evaluate.Multiclass(data, predictedLabelColumnName: null, scoreKind: ScoreKind.Logits, topK: [1, 2]);

        double expected = ((Math.Log(Math.Exp(2) + 1 + Math.Exp(-1)) - 2) + (Math.Log(2 + Math.Exp(3)) - 3) + Math.Log(3)) / 3;
        m.LogLoss!.Value.Should().BeApproximately(expected, 1e-12);
        m.GetTopKAccuracy(1).Should().Be(1, "the tie in row 2 ranks the highest index, the true class 2, first");
        m.Accuracy.Should().BeApproximately(2.0 / 3, 1e-12, "arg-max takes the first of the tied scores");
    }

    [Fact]
    public void Multiclass_EmptyView_Throws()
    {
        InMemoryDataView empty = new(new DataViewSchema.Builder().AddColumn("Label", NumberDataViewType.Int32).AddColumn("Score", new VectorDataViewType(3)).ToSchema(), [[], []]);

        FluentActions.Invoking(() => new FerContext().Evaluate.Multiclass(empty, predictedLabelColumnName: null))
            .Should().Throw<ArgumentException>().WithMessage("*no rows*");
    }
}
