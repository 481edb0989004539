using Fer.MLNet.Data;
using Fer.Trainers.Metrics;
using static Fer.MLNet.Tests.Evaluation.ScoredViews;

namespace Fer.MLNet.Tests.Evaluation;

public sealed class EvaluationCatalogRegressionTests
{
    [Fact]
    public void Regression_SingleColumns_SkipsNaNTruthAndLogsIt()
    {
        var fer = new FerContext();
        var log = new List<LoggingEventArgs>();
        fer.Log += (_, e) => log.Add(e);
        InMemoryDataView data = Build(Singles("Label", [1f, 2f, float.NaN, 3f, 4f]), Singles("Score", [1.5f, 2f, 7f, 2.5f, 5f]));

        RegressionMetrics m = fer.Evaluate.Regression(data);

        m.RowCount.Should().Be(4);
        m.MissingCount.Should().Be(1);
        m.Rmse.Should().BeApproximately(Math.Sqrt(1.5 / 4), 1e-12);
        m.Ccc.Should().BeApproximately(0.88, 1e-12, "2 (5.5/4) / ((5 + 7.25)/4 + 0.0625)");
        log.Should().Contain(e => e.Severity == LogSeverity.Warning && e.Message.Contains("1 of 5 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Regression_WrongTypesOrMissingColumns_ThrowNamingTheColumn()
    {
        var fer = new FerContext();
        InMemoryDataView intLabel = Build(Ints("Label", [1, 2]), Singles("Score", [1f, 2f]));
        InMemoryDataView noScore = Build(Singles("Label", [1f, 2f]));

        FluentActions.Invoking(() => fer.Evaluate.Regression(intLabel))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Regression: column 'Label' (labelColumnName) has type Int32; expected Single*");
        FluentActions.Invoking(() => fer.Evaluate.Regression(noScore))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Regression: column 'Score' (scoreColumnName) not found*");
    }

    [Fact]
    public void Regression_NaNPrediction_ErrorNamesColumnAndRow()
    {
        InMemoryDataView data = Build(Singles("Label", [1f, 2f]), Singles("Score", [1f, float.NaN]));

        FluentActions.Invoking(() => new FerContext().Evaluate.Regression(data))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.Regression: predicted[1] is NaN*predicted = column 'Score'*");
    }

    [Fact]
    public void ValenceArousal_PerDimension_SkipsEachOwnMissingValues()
    {
        InMemoryDataView data = Build(
            Singles("Valence", [0.5f, float.NaN, -0.5f, 0.2f]),
            Singles("Arousal", [0.1f, 0.2f, float.NaN, 0.4f]),
            Singles("PredictedValence", [0.4f, 0.9f, -0.4f, 0.2f]),
            Singles("PredictedArousal", [0.1f, 0.3f, 5f, 0.3f]));

        ValenceArousalMetrics m = new FerContext().Evaluate.ValenceArousal(data);

        m.Valence.RowCount.Should().Be(3);
        m.Valence.MissingCount.Should().Be(1);
        m.Valence.Mae.Should().BeApproximately(0.2 / 3, 1e-7);
        m.Valence.Sagr.Should().Be(1);
        m.Arousal.RowCount.Should().Be(3);
        m.Arousal.Rmse.Should().BeApproximately(Math.Sqrt(0.02 / 3), 1e-7);
        RegressionMetrics direct = RegressionEvaluator.Evaluate([0.5f, -0.5f, 0.2f], [0.4f, -0.4f, 0.2f]);
        m.Valence.Should().BeEquivalentTo(direct, o => o.Excluding(x => x.MissingCount));
    }

    [Fact]
    public void ValenceArousal_CustomColumnNames_AndMissingColumnError()
    {
        InMemoryDataView data = Build(Singles("V", [0.5f, -0.5f]), Singles("A", [0.1f, 0.3f]), Singles("PV", [0.4f, -0.4f]), Singles("PA", [0.2f, 0.2f]));

        ValenceArousalMetrics m = new FerContext().Evaluate.ValenceArousal(data, "V", "A", "PV", "PA");

        m.Arousal.Mae.Should().BeApproximately(0.1, 1e-7);
        FluentActions.Invoking(() => new FerContext().Evaluate.ValenceArousal(data))
            .Should().Throw<ArgumentException>().WithMessage("Evaluate.ValenceArousal: column 'Valence' (valenceColumnName) not found*'V' (Single)*");
        FluentActions.Invoking(() => new FerContext().Evaluate.ValenceArousal(data, "V", "A", "PV", "Nope"))
            .Should().Throw<ArgumentException>().WithMessage("*column 'Nope' (predictedArousalColumnName) not found*");
    }
}
