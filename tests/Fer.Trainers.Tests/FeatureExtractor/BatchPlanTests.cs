using Fer.Trainers.FeatureExtractor;

namespace Fer.Trainers.Tests.FeatureExtractor;

public class BatchPlanTests
{
    [Fact]
    public void Batch_Proportional_VisitsEveryExampleOnceAndMixesDatasets()
    {
        var plan = new BatchPlan([50, 20, 7], 16, DatasetSampling.Proportional, seed: 3);
        plan.StepsPerEpoch.Should().Be(5); // ceil(77 / 16)
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var seen = new HashSet<(int, int)>();
            int mixed = 0;
            for (int b = 0; b < plan.StepsPerEpoch; b++)
            {
                var (ds, idx) = plan.Batch(epoch, b);
                ds.Length.Should().Be(idx.Length);
                for (int i = 0; i < ds.Length; i++)
                {
                    idx[i].Should().BeInRange(0, new[] { 50, 20, 7 }[ds[i]] - 1);
                    seen.Add((ds[i], idx[i])).Should().BeTrue($"({ds[i]}, {idx[i]}) drawn twice in epoch {epoch}");
                }
                if (ds.Distinct().Count() > 1) mixed++;
            }
            seen.Should().HaveCount(77);
            mixed.Should().BeGreaterThan(2, "a shuffled union puts several datasets in most batches");
        }
        plan.Batch(0, 0).Index.Should().NotEqual(plan.Batch(1, 0).Index, "each epoch has its own order");
    }

    [Fact]
    public void Batch_RoundRobin_EqualSharesLargestOncePerEpochSmallerCycled()
    {
        var plan = new BatchPlan([40, 6], 8, DatasetSampling.RoundRobin, seed: 5);
        plan.StepsPerEpoch.Should().Be(10); // 40 examples, 4 per batch
        var largest = new List<int>();
        var smaller = new List<int>();
        for (int b = 0; b < plan.StepsPerEpoch; b++)
        {
            var (ds, idx) = plan.Batch(0, b);
            ds.Should().Equal(0, 1, 0, 1, 0, 1, 0, 1);
            for (int i = 0; i < 8; i++) (ds[i] == 0 ? largest : smaller).Add(idx[i]);
        }
        largest.Should().BeEquivalentTo(Enumerable.Range(0, 40), "the largest dataset is seen once per epoch");
        smaller.Should().HaveCount(40);
        // 40 draws of 6 examples: six full passes (each a permutation) and 4 draws of a seventh.
        for (int pass = 0; pass < 6; pass++) smaller.Skip(pass * 6).Take(6).Should().BeEquivalentTo(Enumerable.Range(0, 6), $"pass {pass}");
    }

    [Fact]
    public void Batch_SameArgumentsInAnotherPlan_SameBatches()
    {
        // A resumed run builds a new plan: it must draw what the first one drew (cached or not).
        var a = new BatchPlan([30, 9], 6, DatasetSampling.RoundRobin, seed: 11);
        var b = new BatchPlan([30, 9], 6, DatasetSampling.RoundRobin, seed: 11);
        for (int e = 0; e < 3; e++) for (int i = 0; i < a.StepsPerEpoch; i++) a.Batch(e, i);
        for (int e = 2; e >= 0; e--)
            for (int i = a.StepsPerEpoch - 1; i >= 0; i--)
                b.Batch(e, i).Index.Should().Equal(a.Batch(e, i).Index, $"epoch {e} batch {i}");
    }

    [Fact]
    public void Constructor_RoundRobinBatchSmallerThanDatasets_Throws()
    {
        var act = () => new BatchPlan([5, 5, 5], 2, DatasetSampling.RoundRobin, 1);
        act.Should().Throw<ArgumentException>().WithMessage("*3 datasets*at least 3*");
    }
}
