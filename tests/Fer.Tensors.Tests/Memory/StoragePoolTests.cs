using Fer.Tensors.Memory;

namespace Fer.Tensors.Tests.Memory;

/// <summary>The pool behind <see cref="TensorScope"/>, on private instances: reuse, and what it drops when sizes change.</summary>
public class StoragePoolTests
{
    private const int K = 1000;

    // One "step": rents every size, returns them all, ends the epoch (as an outermost scope does). Returns the fresh allocations.
    private static int Step(StoragePool pool, params int[] sizes)
    {
        int fresh = 0;
        var rented = new List<float[]>();
        foreach (int size in sizes)
        {
            rented.Add(pool.Rent(size, out bool f));
            if (f) fresh++;
        }

        foreach (float[] array in rented) pool.Return(array);
        pool.EndEpoch();
        return fresh;
    }

    private static void StepOnAnotherThread(StoragePool pool, int size)
    {
        var other = new Thread(() => Step(pool, size));
        other.Start();
        other.Join();
    }

    [Fact]
    public void Rent_SameSizesEveryStep_AllocatesOnlyInTheFirst()
    {
        var pool = new StoragePool();
        int[] sizes = [100 * K, 200 * K, 200 * K, 300 * K];
        Step(pool, sizes).Should().Be(4);
        for (int i = 0; i < 5; i++) Step(pool, sizes).Should().Be(0, $"step {i + 2} finds every size idle");
        pool.PooledFloats.Should().Be(800 * K);
    }

    [Fact]
    public void Rent_NewSizes_DropArraysIdleSinceAnEarlierStepInsteadOfHoldingBothSets()
    {
        // A full batch's sizes, then the last, smaller batch's: before, the pool held both sets through
        // that step (the full batch's for two more epochs), which took a 3,417-image run past a 768 MB heap.
        var pool = new StoragePool();
        Step(pool, 100 * K, 200 * K, 300 * K);
        pool.PooledFloats.Should().Be(600 * K);

        var small = new List<float[]> { pool.Rent(90 * K), pool.Rent(180 * K), pool.Rent(270 * K) };
        pool.PooledFloats.Should().Be(0, "each new size dropped at least its own floats of the idle set, largest first");
        pool.IdleCount(300 * K).Should().Be(0);
        pool.IdleCount(200 * K).Should().Be(0);
        pool.IdleCount(100 * K).Should().Be(0);
        small.Should().OnlyContain(a => a != null);
    }

    [Fact]
    public void Rent_NewSize_KeepsArraysReturnedInThisEpoch()
    {
        var pool = new StoragePool();
        float[] a = pool.Rent(100 * K);
        pool.Return(a); // returned in the running epoch (an inner scope ended): the step may want it again
        pool.Rent(50 * K, out bool fresh);
        fresh.Should().BeTrue();
        pool.IdleCount(100 * K).Should().Be(1);
    }

    [Fact]
    public void Rent_SizeThatMissesEveryStep_CostsOneMoreArrayNotACascade()
    {
        // A step that keeps one result (its storage leaves the pool) misses that size every time.
        var pool = new StoragePool();
        int[] sizes = [400 * K, 300 * K, 200 * K, 100 * K];
        Step(pool, sizes);
        for (int step = 0; step < 4; step++)
        {
            pool.Rent(50 * K, out bool keptIsFresh); // never returned
            keptIsFresh.Should().BeTrue();
            Step(pool, sizes).Should().BeLessThanOrEqualTo(1, "the one array dropped for the kept result is allocated again, and then dropping stops");
        }
    }

    [Fact]
    public void EndEpoch_ArrayIdleForMoreThanMaxIdleEpochs_IsDropped()
    {
        var pool = new StoragePool();
        Step(pool, 100 * K);
        for (int i = 0; i < StoragePool.MaxIdleEpochs - 1; i++) pool.EndEpoch();
        pool.IdleCount(100 * K).Should().Be(1);
        pool.EndEpoch();
        pool.IdleCount(100 * K).Should().Be(0);
        pool.PooledFloats.Should().Be(0);
    }

    [Fact]
    public void Rent_NewSize_NeverDropsAnotherThreadsArrays()
    {
        // Concurrent scopes (a scorer per thread) must not churn each other.
        var pool = new StoragePool();
        StepOnAnotherThread(pool, 300 * K);
        Step(pool, 100 * K);
        pool.Rent(90 * K, out _);
        pool.IdleCount(300 * K).Should().Be(1, "the other thread's array stays");
        pool.IdleCount(100 * K).Should().Be(0, "this thread's own idle array made room");
    }

    [Fact]
    public void EndEpoch_AnotherThreadsArray_SurvivesUntilMaxIdleSharedEpochs()
    {
        var pool = new StoragePool();
        StepOnAnotherThread(pool, 300 * K);
        for (int i = 0; i < StoragePool.MaxIdleSharedEpochs - 1; i++) pool.EndEpoch();
        pool.IdleCount(300 * K).Should().Be(1);
        pool.EndEpoch();
        pool.IdleCount(300 * K).Should().Be(0, "arrays of a thread that stopped using scopes do not stay for good");
    }
}
