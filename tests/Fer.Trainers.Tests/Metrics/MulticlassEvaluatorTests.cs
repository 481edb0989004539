using System.Text.Json;
using Fer.Trainers.Metrics;

namespace Fer.Trainers.Tests.Metrics;

public sealed class MulticlassEvaluatorTests
{
    private const double Tol = 1e-12;

    // Hand-computed: confusion [[3,1,0],[0,1,1],[1,0,3]]; per-class P = R = F1 = (0.75, 0.5, 0.75);
    // kappa = (0.7 - 0.36) / (1 - 0.36) with p_e = (4*4 + 2*2 + 4*4) / 100. Cross-checked with numpy formulas.
    private static readonly int[] Truth = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0];
    private static readonly int[] Predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2, 0];

    [Fact]
    public void Evaluate_ThreeClassLabels_MatchesHandComputedMetrics()
    {
        MulticlassMetrics m = MulticlassEvaluator.Evaluate(Truth, predicted: Predicted, classNames: ["a", "b", "c"]);

        m.RowCount.Should().Be(10);
        m.Accuracy.Should().BeApproximately(0.7, Tol);
        m.MacroF1.Should().BeApproximately(2.0 / 3, Tol);
        m.WeightedF1.Should().BeApproximately(0.7, Tol);
        m.BalancedAccuracy.Should().BeApproximately(2.0 / 3, Tol);
        m.CohenKappa.Should().BeApproximately(0.34 / 0.64, Tol);
        m.PerClass.Select(c => c.Precision).Should().Equal([0.75, 0.5, 0.75]);
        m.PerClass.Select(c => c.Recall).Should().Equal([0.75, 0.5, 0.75]);
        m.PerClass.Select(c => c.Support).Should().Equal([4, 2, 4]);
        m.PerClass.Select(c => c.Predicted).Should().Equal([4, 2, 4]);
        m.ConfusionMatrix.Counts.Should().BeEquivalentTo(new[] { new[] { 3, 1, 0 }, new[] { 0, 1, 1 }, new[] { 1, 0, 3 } }, o => o.WithStrictOrdering());
        m.LogLoss.Should().BeNull("no scores were given");
        m.TopK.Should().BeEmpty();
    }

    [Fact]
    public void Evaluate_ClassNeverPredictedAndClassAbsentFromTruth_UsesZeroDivisionZero()
    {
        // Class 2 occurs but is never predicted, class 3 is predicted but never occurs, class 4 is in neither.
        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 0, 1, 1, 2, 2], predicted: [0, 1, 1, 3, 0, 1], classNames: ["v", "w", "x", "y", "z"]);

        m.PerClass.Select(c => c.Precision).Should().Equal([0.5, 1.0 / 3, 0, 0, 0]);
        m.PerClass.Select(c => c.Recall).Should().Equal([0.5, 0.5, 0, 0, 0]);
        m.PerClass.Select(c => c.F1).Should().Equal([0.5, 0.4, 0, 0, 0]);
        m.MacroF1.Should().BeApproximately(0.9 / 5, Tol, "sklearn with labels=range(5) averages all declared classes");
        m.MacroF1PresentClasses.Should().BeApproximately(0.9 / 4, Tol, "sklearn without labels averages classes in truth or prediction");
        m.MacroPrecision.Should().BeApproximately((0.5 + 1.0 / 3) / 5, Tol);
        m.MacroRecall.Should().BeApproximately(0.2, Tol);
        m.WeightedF1.Should().BeApproximately(1.8 / 6, Tol);
        m.BalancedAccuracy.Should().BeApproximately(1.0 / 3, Tol, "only classes 0, 1, 2 occur in the truth");
        m.CohenKappa.Should().BeApproximately(1.0 / 13, Tol);
        m.Accuracy.Should().BeApproximately(1.0 / 3, Tol);
    }

    [Fact]
    public void Evaluate_AllCorrect_GivesPerfectScores()
    {
        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 1, 2, 1, 0], predicted: [0, 1, 2, 1, 0]);

        m.ClassNames.Should().Equal("0", "1", "2");
        m.Accuracy.Should().Be(1);
        m.MacroF1.Should().Be(1);
        m.WeightedF1.Should().Be(1);
        m.BalancedAccuracy.Should().Be(1);
        m.CohenKappa.Should().Be(1);
    }

    [Fact]
    public void Evaluate_SingleClassAllCorrect_KappaIsNaN()
    {
        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 0, 0], predicted: [0, 0, 0], classNames: ["a", "b"]);

        m.CohenKappa.Should().Be(double.NaN, "chance agreement is 1, so kappa is 0/0");
        m.MacroF1.Should().Be(0.5, "class b is declared and scores 0");
        m.MacroF1PresentClasses.Should().Be(1);
    }

    [Fact]
    public void Evaluate_Probabilities_LogLossAndTopKMatchHandValues()
    {
        float[][] scores = [[0.7f, 0.2f, 0.1f], [0.1f, 0.6f, 0.3f], [0.2f, 0.5f, 0.3f]];

        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 1, 2], scores);

        double expected = -(Math.Log(0.7) + Math.Log(0.6) + Math.Log(0.3)) / 3;
        m.LogLoss!.Value.Should().BeApproximately(expected, 1e-6);
        m.Accuracy.Should().BeApproximately(2.0 / 3, Tol, "the arg-max of row 2 is class 1");
        m.TopK.Should().Equal(new TopKAccuracy(2, 1.0));
        m.GetTopKAccuracy(2).Should().Be(1);
        FluentActions.Invoking(() => m.GetTopKAccuracy(3)).Should().Throw<KeyNotFoundException>().WithMessage("*3*");
    }

    [Fact]
    public void Evaluate_ConfidentWrongProbability_ClipsAt1e15()
    {
        MulticlassMetrics m = MulticlassEvaluator.Evaluate([1], [[1f, 0f, 0f]]);

        m.LogLoss!.Value.Should().BeApproximately(-Math.Log(1e-15), 1e-9);
    }

    [Fact]
    public void Evaluate_Logits_SoftmaxGivesSameLogLossAsProbabilities()
    {
        float[][] logits = [[2f, 1f, 0f], [0.5f, -1f, 3f]];
        float[][] probabilities = [.. logits.Select(Softmax)];

        MulticlassMetrics fromLogits = MulticlassEvaluator.Evaluate([0, 1], logits, scoreKind: ScoreKind.Logits);
        MulticlassMetrics fromProbabilities = MulticlassEvaluator.Evaluate([0, 1], probabilities);

        double row0 = Math.Log(Math.Exp(2) + Math.Exp(1) + 1) - 2;
        double row1 = Math.Log(Math.Exp(0.5) + Math.Exp(-1) + Math.Exp(3)) + 1;
        fromLogits.LogLoss!.Value.Should().BeApproximately((row0 + row1) / 2, 1e-12);
        fromProbabilities.LogLoss!.Value.Should().BeApproximately(fromLogits.LogLoss.Value, 1e-6);
    }

    [Fact]
    public void Evaluate_TiedScores_TopKRanksHigherIndexFirstLikeScikitLearn()
    {
        // sklearn's top_k_accuracy_score sorts with a reversed stable argsort: among equal scores the
        // higher class index ranks first. Class 0 is 4th, class 3 is 1st. numpy gives top-1..4 = 0.5, 0.5, 0.5, 1.
        float[][] scores = [[0.25f, 0.25f, 0.25f, 0.25f], [0.25f, 0.25f, 0.25f, 0.25f]];

        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 3], scores, topK: [1, 2, 3, 4]);

        m.TopK.Select(t => t.Accuracy).Should().Equal([0.5, 0.5, 0.5, 1.0]);
        m.Accuracy.Should().Be(0.5, "the predicted label is numpy's argmax (first maximum), class 0");
    }

    [Fact]
    public void Evaluate_TiesBehindTheLeader_TrueLowIndexRanksLast()
    {
        // numpy: argsort(kind="mergesort")[:, ::-1] orders these rows [0, 3, 2, 1] and [3, 2, 1, 0].
        float[][] scores = [[0.4f, 0.2f, 0.2f, 0.2f], [0.25f, 0.25f, 0.25f, 0.25f]];

        MulticlassMetrics m = MulticlassEvaluator.Evaluate([1, 0], scores, topK: [1, 2, 3, 4]);

        m.TopK.Select(t => t.Accuracy).Should().Equal([0.0, 0.0, 0.0, 1.0]);
    }

    [Fact]
    public void Evaluate_DefaultTopK_KeepsOnlyKBelowClassCount()
    {
        float[][] four = [[0.1f, 0.2f, 0.3f, 0.4f]];
        float[][] three = [[0.2f, 0.3f, 0.5f]];

        MulticlassEvaluator.Evaluate([0], four).TopK.Select(t => t.K).Should().Equal(2, 3);
        MulticlassEvaluator.Evaluate([0], three).TopK.Select(t => t.K).Should().Equal(2);
        MulticlassEvaluator.Evaluate([0], four).TopK.Select(t => t.Accuracy).Should().Equal(0.0, 0.0);
    }

    [Fact]
    public void Evaluate_PredictedLabelsWithScores_LabelsDecideAccuracy()
    {
        float[][] scores = [[0.9f, 0.1f], [0.8f, 0.2f]];

        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 1], scores, predicted: [0, 1]);

        m.Accuracy.Should().Be(1);
        m.LogLoss!.Value.Should().BeApproximately(-(Math.Log(0.9) + Math.Log(0.2)) / 2, 1e-6);
    }

    [Fact]
    public void Evaluate_UnlabelledRows_AreSkippedAndCounted()
    {
        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, -1, 1, -1], predicted: [0, 1, 0, 1], classNames: ["a", "b"]);

        m.RowCount.Should().Be(2);
        m.UnlabelledRowCount.Should().Be(2);
        m.Accuracy.Should().Be(0.5);
    }

    [Theory]
    [InlineData(new[] { 3 }, "truth[0] = 3*[0, 3)*")]
    [InlineData(new[] { -2 }, "truth[0] = -2*")]
    public void Evaluate_LabelOutOfRange_ThrowsNamingRow(int[] truth, string message)
    {
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate(truth, predicted: [0], classNames: ["a", "b", "c"]))
            .Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Evaluate_BadInputs_ThrowClearErrors()
    {
        float[][] good = [[0.5f, 0.5f], [0.5f, 0.5f]];
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1], [[0.5f, 0.5f], [0.9f, 0.6f]]))
            .Should().Throw<ArgumentException>().WithMessage("scores[1] sums to 1.5*Logits*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1], [[0.5f, 0.5f], [1.2f, -0.2f]]))
            .Should().Throw<ArgumentException>().WithMessage("scores[1][0] = 1.2*probability*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1], [[0.5f, 0.5f], [float.NaN, 1f]], scoreKind: ScoreKind.Logits))
            .Should().Throw<ArgumentException>().WithMessage("scores[1][0] is NaN*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1], [[0.5f, 0.5f], [1f, 0f, 0f]]))
            .Should().Throw<ArgumentException>().WithMessage("scores[1] has 3 values; expected 2*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1], good, classNames: ["a", "b", "c"]))
            .Should().Throw<ArgumentException>().WithMessage("*2 values but 3 class names*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1, 0], good))
            .Should().Throw<ArgumentException>().WithMessage("scores has 2 rows but truth has 3*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1], good, predicted: [0, 2]))
            .Should().Throw<ArgumentException>().WithMessage("predicted[1] = 2*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1]))
            .Should().Throw<ArgumentException>().WithMessage("*nothing to evaluate*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([-1, -1], good))
            .Should().Throw<ArgumentException>().WithMessage("No labelled rows*");
        FluentActions.Invoking(() => MulticlassEvaluator.Evaluate([0, 1], good, topK: [0]))
            .Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Evaluate_FormulaGeneratedData_MatchesNumpyReference()
    {
        // 40 rows, 5 classes, logits 2*sin(1.7 i + 0.9 c) + [c == truth]; reference values from the
        // numpy implementation of sklearn's formulas (argsort mergesort for top-k), float32 logits.
        const int n = 40, classes = 5;
        int[] truth = [.. Enumerable.Range(0, n).Select(i => (i * 7 + 3) % classes)];
        float[][] logits = [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, classes)
            .Select(c => (float)(2 * Math.Sin(1.7 * i + 0.9 * c) + (c == truth[i] ? 1 : 0))).ToArray())];

        MulticlassMetrics m = MulticlassEvaluator.Evaluate(truth, logits, scoreKind: ScoreKind.Logits, topK: [2, 3]);

        m.Accuracy.Should().BeApproximately(0.35, 1e-12);
        m.MacroF1.Should().BeApproximately(0.3539194139194139, 1e-12);
        m.WeightedF1.Should().BeApproximately(0.3539194139194139, 1e-12, "every class has support 8");
        m.CohenKappa.Should().BeApproximately(0.1875, 1e-12);
        m.LogLoss!.Value.Should().BeApproximately(1.633999578882148, 1e-9);
        m.GetTopKAccuracy(2).Should().BeApproximately(0.4, 1e-12);
        m.GetTopKAccuracy(3).Should().BeApproximately(0.7, 1e-12);
    }

    [Fact]
    public void ToTableAndJson_ShowEveryClassAndMetric()
    {
        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 0, 1, -1], predicted: [0, 0, 0, 0], classNames: ["happy", "sad"]);

        string table = m.ToTable();
        table.Should().Contain("happy").And.Contain("sad").And.Contain("Accuracy").And.Contain("0.6667").And.Contain("1 unlabelled rows skipped");
        table.Split('\n').Should().Contain(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\s+sad\s+1\s+0$"),
            "the confusion row of 'sad' holds one row predicted as happy");
        m.ToString().Should().Contain("accuracy 0.6667");

        using JsonDocument json = JsonDocument.Parse(m.ToJson());
        JsonElement root = json.RootElement;
        root.GetProperty("accuracy").GetDouble().Should().BeApproximately(2.0 / 3, Tol);
        root.GetProperty("cohenKappa").ValueKind.Should().Be(JsonValueKind.Number);
        root.GetProperty("unlabelledRowCount").GetInt32().Should().Be(1);
        root.GetProperty("confusionMatrix").GetProperty("counts")[1][0].GetInt32().Should().Be(1);
        root.GetProperty("confusionMatrix").GetProperty("rowNormalized")[0][0].GetDouble().Should().Be(1);
        root.GetProperty("perClass")[1].GetProperty("name").GetString().Should().Be("sad");
        root.GetProperty("logLoss").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void ToJson_NaNKappa_IsWrittenAsNamedLiteral()
    {
        MulticlassMetrics m = MulticlassEvaluator.Evaluate([0, 0], predicted: [0, 0], classNames: ["a", "b"]);

        using JsonDocument json = JsonDocument.Parse(m.ToJson(indented: false));
        json.RootElement.GetProperty("cohenKappa").GetString().Should().Be("NaN");
    }

    private static float[] Softmax(float[] z)
    {
        double max = z.Max();
        double[] e = [.. z.Select(v => Math.Exp(v - max))];
        double sum = e.Sum();
        return [.. e.Select(v => (float)(v / sum))];
    }
}
