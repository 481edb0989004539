using Fer.Tensors.Random;
using Fer.Testing;
using Fer.Transforms.Datasets;
using Xunit.Abstractions;

namespace Fer.Transforms.Tests.Datasets;

public class DatasetSplitsTests(ITestOutputHelper output)
{
    private static List<DatasetRow> Rows(int[] labels, Func<int, string?>? group = null) =>
        [.. labels.Select((l, i) => new DatasetRow(ImageSource.FromGrayPixels([(byte)i], 1, 1), new RowOrigin("x", i + 1)) { LabelIndex = l, GroupId = group?.Invoke(i) })];

    [Fact]
    public void Stratified_KeepsClassProportionsAndPartitions()
    {
        var g = new Generator(3);
        int[] labels = [.. Enumerable.Range(0, 1000).Select(_ => g.NextInt(4) == 0 ? 0 : g.NextInt(1, 4))];
        var rows = Rows(labels);
        var split = DatasetSplits.Stratified(rows, 0.2, new Generator(42));
        split.Train.Concat(split.Validation).Order().Should().Equal(Enumerable.Range(0, 1000));
        split.Train.Should().BeInAscendingOrder();
        for (int c = 0; c < 4; c++)
        {
            int n = labels.Count(l => l == c);
            int v = split.Validation.Count(i => labels[i] == c);
            v.Should().Be((int)Math.Floor(n * 0.2 + 0.5), $"class {c} has {n} rows");
        }
    }

    [Fact]
    public void Stratified_SameSeedSameSplit_OtherSeedOtherSplit()
    {
        var rows = Rows([.. Enumerable.Range(0, 200).Select(i => i % 3)]);
        var a = DatasetSplits.Stratified(rows, 0.25, new Generator(5));
        var b = DatasetSplits.Stratified(rows, 0.25, new Generator(5));
        var c = DatasetSplits.Stratified(rows, 0.25, new Generator(6));
        a.Validation.Should().Equal(b.Validation);
        c.Validation.Should().NotEqual(a.Validation);
    }

    [Fact]
    public void Stratified_TinyStrata_NeverEmptiedIntoValidation()
    {
        var rows = Rows([0, 1, 1, 2, 2, 2]);
        var split = DatasetSplits.Stratified(rows, 0.9, new Generator(1));
        split.Train.Select(i => rows[i].LabelIndex).Distinct().Order().Should().Equal(0, 1, 2);
        FluentActions.Invoking(() => DatasetSplits.Stratified(rows, 1.0, new Generator(1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => DatasetSplits.Stratified(rows, double.NaN, new Generator(1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void GroupKFold_NoGroupInTwoFolds_EveryRowTestedOnce()
    {
        var g = new Generator(11);
        var rows = Rows([.. Enumerable.Range(0, 300).Select(_ => g.NextInt(7))], i => "p" + (i * 7919 % 37));
        var folds = DatasetSplits.GroupKFold(rows, 5, new Generator(2));
        folds.Should().HaveCount(5);
        folds.SelectMany(f => f.Test).Order().Should().Equal(Enumerable.Range(0, 300));
        foreach (var f in folds)
        {
            var testGroups = f.Test.Select(i => rows[i].GroupId).ToHashSet();
            f.Train.Should().OnlyContain(i => !testGroups.Contains(rows[i].GroupId));
            (f.Train.Count + f.Test.Count).Should().Be(300);
        }
        int max = folds.Max(f => f.Test.Count), min = folds.Min(f => f.Test.Count);
        int largestGroup = rows.GroupBy(r => r.GroupId).Max(x => x.Count());
        (max - min).Should().BeLessThanOrEqualTo(largestGroup);
    }

    [Fact]
    public void GroupKFold_NullGroups_AreSingletonsAndTooFewGroupsThrow()
    {
        var rows = Rows([0, 1, 2, 3], i => i < 2 ? "same" : null);
        var folds = DatasetSplits.GroupKFold(rows, 3, new Generator(0));
        folds.Should().Contain(f => f.Test.SequenceEqual(new[] { 0, 1 }));
        FluentActions.Invoking(() => DatasetSplits.GroupKFold(rows, 4, new Generator(0))).Should().Throw<ArgumentException>().WithMessage("*4 folds need at least 4 groups*3*");
        FluentActions.Invoking(() => DatasetSplits.GroupKFold(rows, 1, new Generator(0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void ByGroup_SeparatesPersons()
    {
        var rows = Rows([.. Enumerable.Range(0, 100).Select(i => i % 5)], i => "p" + (i / 4));
        var split = DatasetSplits.ByGroup(rows, 0.3, new Generator(9));
        var valPersons = split.Validation.Select(i => rows[i].GroupId).ToHashSet();
        split.Train.Should().OnlyContain(i => !valPersons.Contains(rows[i].GroupId));
        split.Validation.Count.Should().BeInRange(30, 33);
    }

    [SkippableFact]
    public void GroupKFold_LfwExpressions_PersonWiseFolds()
    {
        string root = SharedData.Require("data/lfw-expressions");
        var rows = DatasetReaders.LfwExpressions(root).ReadAll().Rows;
        var folds = DatasetSplits.GroupKFold(rows, 5, new Generator(1));
        output.WriteLine(string.Join(", ", folds.Select(f => $"fold {f.Index}: {f.Test.Count} test rows, {f.Test.Select(i => rows[i].GroupId).Distinct().Count()} persons")));
        folds.SelectMany(f => f.Test).Should().HaveCount(rows.Count).And.OnlyHaveUniqueItems();
        foreach (var f in folds)
            f.Test.Select(i => rows[i].GroupId).Intersect(f.Train.Select(i => rows[i].GroupId)).Should().BeEmpty();
    }
}
